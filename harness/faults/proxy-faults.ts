// Faults on a link through a Toxiproxy-compatible proxy (the stack's interposer or access proxy),
// in the common Fault shape so the runner journals them like any other fault.
import { addToxic, disableProxy, existingProxy, type ToxicAttributes, type ToxicKind, type ToxicStream } from "./proxy-client.ts";
import { injectedFault, injecting, type Fault } from "./fault.ts";

export interface ProxyLink {
  apiUrl: string;
  proxyName: string;
  /** Readable name of the link for journals, e.g. "api->inference". */
  label: string;
}

export async function toxic<K extends ToxicKind>(link: ProxyLink, type: K, attributes: ToxicAttributes[K], stream: ToxicStream = "downstream"): Promise<Fault> {
  return injecting(type, link.label, async () => {
    const proxy = await existingProxy(link.apiUrl, link.proxyName);
    const handle = await addToxic(proxy, { type, attributes, stream, name: `chaos_${type}_${stream}` });
    return injectedFault(type, link.label, `${type} ${stream} ${JSON.stringify(attributes)} on ${link.label}`, { proxy: link.proxyName, stream, attributes }, () => handle.undo(), handle.window.startedAtMs);
  });
}

export const latency = (link: ProxyLink, latencyMs: number, jitterMs = 0) => toxic(link, "latency", { latency: latencyMs, jitter: jitterMs });
export const resetPeer = (link: ProxyLink, afterMs = 0) => toxic(link, "reset_peer", { timeout: afterMs });
/** Holds data and closes after `timeoutMs` (never when 0): the peer hangs. */
export const stall = (link: ProxyLink, timeoutMs = 0) => toxic(link, "timeout", { timeout: timeoutMs });
export const dataLimit = (link: ProxyLink, bytes: number) => toxic(link, "limit_data", { bytes });

/** Takes the link down: connections refused and dropped until undone. */
export async function linkDown(link: ProxyLink): Promise<Fault> {
  return injecting("link-down", link.label, async () => {
    const proxy = await existingProxy(link.apiUrl, link.proxyName);
    const handle = await disableProxy(proxy);
    return injectedFault("link-down", link.label, `link ${link.label} down`, { proxy: link.proxyName }, () => handle.undo(), handle.window.startedAtMs);
  });
}

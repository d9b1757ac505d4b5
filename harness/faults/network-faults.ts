// Network faults on one container: partition (disconnect from a network, reconnect with the same
// aliases), packet drop and blackhole (iptables in the container's netns), bandwidth (tc tbf).
// The kernel has no netem: latency and jitter go through the fault proxy (proxy-faults.ts).
import { nsenterNet } from "../engine/capabilities.ts";
import type { EngineTarget } from "../engine/engine-target.ts";
import { readBridgeMac, restoreBridgeMac } from "./bridge-mac-guard.ts";
import { containerState, type ContainerRef } from "./container-ref.ts";
import { injectedFault, injecting, type Fault } from "./fault.ts";

/**
 * Disconnects the container from `network` (engine name); undo reconnects it with the same aliases,
 * IP and MAC, as a healed partition would be: peers' ARP entries and open TCP connections stay valid.
 */
export async function partition(target: EngineTarget, ref: ContainerRef, network: string): Promise<Fault> {
  return injecting("partition", ref.name, async () => {
    const info = await ref.docker.getContainer(ref.id).inspect();
    const endpoint = info.NetworkSettings.Networks[network];
    if (!endpoint) throw new Error(`container is not on network ${network} (networks: ${Object.keys(info.NetworkSettings.Networks).join(", ")})`);
    const aliases = ((endpoint.Aliases ?? []) as string[]).filter((a: string) => !info.Id.startsWith(a));
    const mac = target.socketUrl.startsWith("unix://") ? await readBridgeMac(target, network) : undefined;
    const net = ref.docker.getNetwork(network);
    const t0 = Date.now();
    await net.disconnect({ Container: ref.id, Force: true });
    const detail: Record<string, unknown> = { network, aliases, ipBefore: endpoint.IPAddress, macBefore: endpoint.MacAddress, bridgeMacBefore: mac?.mac, callMs: Date.now() - t0 };
    // The engine's word is not enough: record what the container is attached to now.
    detail.networksAfterDisconnect = Object.keys((await ref.docker.getContainer(ref.id).inspect()).NetworkSettings.Networks);
    return injectedFault("partition", ref.name, `disconnect ${ref.name} from ${network}`, detail, async () => {
      const now = await ref.docker.getContainer(ref.id).inspect();
      if (!now.NetworkSettings.Networks[network]) {
        await net.connect({ Container: ref.id, EndpointConfig: { Aliases: aliases, IPAMConfig: { IPv4Address: endpoint.IPAddress }, MacAddress: endpoint.MacAddress } });
      }
      const after = await ref.docker.getContainer(ref.id).inspect();
      detail.ipAfter = after.NetworkSettings.Networks[network]?.IPAddress;
      detail.macAfter = after.NetworkSettings.Networks[network]?.MacAddress;
      detail.aliasesAfter = after.NetworkSettings.Networks[network]?.Aliases;
      if (mac) Object.assign(detail, { bridgeMac: await restoreBridgeMac(target, network, mac) });
    }, t0);
  });
}

async function pidOf(ref: ContainerRef): Promise<number> {
  const s = await containerState(ref);
  if (!s.running || s.pid <= 0) throw new Error(`container is not running (status ${s.status})`);
  return s.pid;
}

async function inNetns(target: EngineTarget, pid: number, cmd: string[]): Promise<void> {
  const r = await nsenterNet(target, pid, cmd);
  if (r.code !== 0) throw new Error(`${cmd.join(" ")} exited ${r.code}: ${r.stderr.trim().split("\n").pop()}`);
}

async function iptablesFault(kind: string, target: EngineTarget, ref: ContainerRef, rules: string[][], description: string): Promise<Fault> {
  return injecting(kind, ref.name, async () => {
    const pid = await pidOf(ref);
    const t0 = Date.now();
    const added: string[][] = [];
    try {
      for (const rule of rules) {
        await inNetns(target, pid, ["iptables", "-I", ...rule]);
        added.push(rule);
      }
    } catch (err) {
      for (const rule of added.reverse()) await nsenterNet(target, pid, ["iptables", "-D", ...rule]);
      throw err;
    }
    return injectedFault(kind, ref.name, description, { pid, rules: rules.map((r) => r.join(" ")) }, async () => {
      // A restarted container has a fresh netns: its rules are gone with the old one.
      const now = await containerState(ref);
      if (!now.running || now.pid !== pid) return;
      for (const rule of [...rules].reverse()) await inNetns(target, pid, ["iptables", "-D", ...rule]);
    }, t0);
  });
}

/** Drops each incoming packet with `probability` (iptables statistic match). */
export function packetDrop(target: EngineTarget, ref: ContainerRef, probability: number): Promise<Fault> {
  if (!(probability > 0 && probability <= 1)) throw new RangeError(`probability must be in (0, 1], got ${probability}`);
  const rule = ["INPUT", "!", "-i", "lo", "-m", "statistic", "--mode", "random", "--probability", String(probability), "-j", "DROP"];
  return iptablesFault("packet-drop", target, ref, [rule], `drop ${probability * 100}% of packets into ${ref.name}`);
}

/** Drops every packet in and out (except loopback): peers see timeouts, not refusals. */
export function blackhole(target: EngineTarget, ref: ContainerRef): Promise<Fault> {
  return iptablesFault("blackhole", target, ref, [["INPUT", "!", "-i", "lo", "-j", "DROP"], ["OUTPUT", "!", "-o", "lo", "-j", "DROP"]], `blackhole ${ref.name}`);
}

/** Limits egress of every interface of the container with a token bucket filter. */
export async function bandwidthLimit(target: EngineTarget, ref: ContainerRef, rateKbit: number): Promise<Fault> {
  if (!(rateKbit > 0)) throw new RangeError(`rateKbit must be > 0, got ${rateKbit}`);
  return injecting("bandwidth", ref.name, async () => {
    const pid = await pidOf(ref);
    const links = await nsenterNet(target, pid, ["ip", "-o", "link", "show"]);
    const devices = links.stdout.split("\n").map((l) => l.split(":")[1]?.trim().split("@")[0]).filter((n): n is string => !!n && n !== "lo");
    const t0 = Date.now();
    const done: string[] = [];
    const del = (dev: string) => nsenterNet(target, pid, ["tc", "qdisc", "del", "dev", dev, "root"]);
    try {
      for (const dev of devices) {
        await inNetns(target, pid, ["tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", `${rateKbit}kbit`, "burst", "32kbit", "latency", "400ms"]);
        done.push(dev);
      }
    } catch (err) {
      for (const dev of done) await del(dev);
      throw err;
    }
    return injectedFault("bandwidth", ref.name, `limit ${ref.name} egress to ${rateKbit} kbit/s`, { pid, devices, rateKbit }, async () => {
      const now = await containerState(ref);
      if (!now.running || now.pid !== pid) return;
      for (const dev of devices) await inNetns(target, pid, ["tc", "qdisc", "del", "dev", dev, "root"]);
    }, t0);
  });
}

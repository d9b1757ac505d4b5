// A fault proxy between services of a stack: started on the stack's networks before the services, with
// one listener per link, each reachable by its own alias on the link's port (`<prefix><service>:<port>`
// -> `<service>:<port>`). The suite points a client service at it with a compose environment override
// (interposeEnvironment: every host token naming a linked service is renamed to its alias), so the
// stack's own files stay untouched; faults then go through its Toxiproxy API.
import { PullPolicy, Wait } from "testcontainers";
import { effectiveEnvironment, type ComposeModel } from "../stack/compose/index.ts";
import type { ComposeOverride } from "../stack/compose/override.ts";
import { ServiceContainer } from "../stack/launcher/service-container.ts";

export interface InterposerLink {
  service: string;
  port: number;
}

export interface InterposerRequest {
  /**
   * The service whose traffic goes through the proxy: the proxy joins only that service's networks, so
   * it reaches the linked services by the client's paths, never by a bypass (e.g. another network).
   */
  client: string;
  /** Alias of a link is `${aliasPrefix}${service}`. */
  aliasPrefix: string;
  links: InterposerLink[];
}

export interface InterposerInfo {
  containerId: string;
  /** Toxiproxy API as reached from the suite. */
  api: { host: string; port: number };
  /** "service:port" -> proxy name in the Toxiproxy API */
  proxyNames: Record<string, string>;
  /** "service:port" -> address the stack's services use to go through the proxy */
  addresses: Record<string, string>;
}

const apiPort = 8474;

export const interposerAlias = (req: Pick<InterposerRequest, "aliasPrefix">, service: string) => `${req.aliasPrefix}${service}`;
const proxyName = (l: InterposerLink) => `interpose-${l.service}-${l.port}`;

export function checkInterposerRequest(req: InterposerRequest): void {
  const ports = req.links.map((l) => l.port);
  const dup = ports.find((p, i) => ports.indexOf(p) !== i);
  if (dup !== undefined) throw new Error(`interposer: two links listen on port ${dup}; one proxy container can carry each port once`);
  if (ports.includes(apiPort)) throw new Error(`interposer: port ${apiPort} is the proxy's own API port`);
}

export async function startInterposer(opts: { image: string; name: string; labels: Record<string, string>; networks: string[]; request: InterposerRequest }): Promise<InterposerInfo> {
  const { request } = opts;
  checkInterposerRequest(request);
  const aliases = request.links.map((l) => interposerAlias(request, l.service));
  const config = request.links.map((l) => ({ name: proxyName(l), listen: `0.0.0.0:${l.port}`, upstream: `${l.service}:${l.port}`, enabled: true }));
  const container = await new ServiceContainer(opts.image)
    .withPullPolicy(PullPolicy.neverPull())
    .withName(opts.name)
    .withLabels({ ...opts.labels, "xnai.interposer": "true" })
    .withNetworks(opts.networks.map((network) => ({ network, aliases })))
    .withCopyContentToContainer([{ content: JSON.stringify(config), target: "/etc/xnai/interposer-proxies.json", mode: 0o444 }])
    .withEnvironment({ FAULT_PROXY_CONFIG: "/etc/xnai/interposer-proxies.json" })
    .withExposedPorts(apiPort)
    .withWaitStrategy(Wait.forHttp("/version", apiPort))
    .withStartupTimeout(30_000)
    .start();
  const key = (l: InterposerLink) => `${l.service}:${l.port}`;
  return {
    containerId: container.getId(),
    api: { host: container.getHost(), port: container.getMappedPort(apiPort) },
    proxyNames: Object.fromEntries(request.links.map((l) => [key(l), proxyName(l)])),
    addresses: Object.fromEntries(request.links.map((l) => [key(l), `${interposerAlias(request, l.service)}:${l.port}`])),
  };
}

/**
 * Compose override that sends `client`'s traffic to the linked services through the interposer: every
 * environment value naming a linked service as a host (`redis`, `http://inference:8080`) gets the alias.
 */
export function interposeEnvironment(model: ComposeModel, client: string, req: InterposerRequest): { override: ComposeOverride; rewritten: Record<string, { from: string; to: string }> } {
  const svc = model.services[client];
  if (!svc) throw new Error(`interposer: compose file has no service '${client}'`);
  const rewritten: Record<string, { from: string; to: string }> = {};
  for (const [name, value] of Object.entries(effectiveEnvironment(svc))) {
    if (value === undefined) continue;
    let next = value;
    for (const l of req.links) {
      const host = new RegExp(`(^|[/@])${l.service.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?=$|[:/])`, "g");
      next = next.replace(host, `$1${interposerAlias(req, l.service)}`);
    }
    if (next !== value) rewritten[name] = { from: value, to: next };
  }
  const environment = Object.fromEntries(Object.entries(rewritten).map(([k, v]) => [k, v.to]));
  return { override: { services: { [client]: { environment } } }, rewritten };
}

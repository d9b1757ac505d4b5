// The suite's own way into services that publish no port (backends on internal networks): one fault
// proxy container on the stack's networks, publishing one listener per endpoint. It is labelled
// `xnai.access=true` so isolation checks tell it apart from the stack, and it doubles as the fault
// proxy for suite-to-service paths.
import { PullPolicy, Wait } from "testcontainers";
import type { AccessInfo } from "./started-stack.ts";
import { ServiceContainer } from "./service-container.ts";

export interface AccessTarget {
  service: string;
  port: number;
}

export const accessApiPort = 8474;
const firstListenPort = 20000;

export async function startAccessProxy(opts: {
  image: string;
  name: string;
  labels: Record<string, string>;
  targets: AccessTarget[];
  networks: string[];
}): Promise<AccessInfo> {
  const listenPorts: Record<string, number> = {};
  const proxyNames: Record<string, string> = {};
  const config = opts.targets.map((t, i) => {
    listenPorts[`${t.service}:${t.port}`] = firstListenPort + i;
    proxyNames[`${t.service}:${t.port}`] = `access-${t.service}-${t.port}`;
    return { name: `access-${t.service}-${t.port}`, listen: `0.0.0.0:${firstListenPort + i}`, upstream: `${t.service}:${t.port}`, enabled: true };
  });
  const container = await new ServiceContainer(opts.image)
    .withPullPolicy(PullPolicy.neverPull())
    .withName(opts.name)
    .withLabels({ ...opts.labels, "xnai.access": "true" })
    .withNetworks(opts.networks.map((network) => ({ network, aliases: [] })))
    .withCopyContentToContainer([{ content: JSON.stringify(config), target: "/etc/xnai/access-proxies.json", mode: 0o444 }])
    .withEnvironment({ FAULT_PROXY_CONFIG: "/etc/xnai/access-proxies.json" })
    .withExposedPorts(accessApiPort, ...Object.values(listenPorts))
    .withWaitStrategy(Wait.forHttp("/version", accessApiPort))
    .withStartupTimeout(30_000)
    .start();
  const at = (port: number) => ({ host: container.getHost(), port: container.getMappedPort(port) });
  return {
    containerId: container.getId(),
    api: at(accessApiPort),
    listeners: Object.fromEntries(Object.entries(listenPorts).map(([k, p]) => [k, at(p)])),
    proxyNames,
  };
}

// The suite's own way into services that publish no port (backends on internal networks): one fault
// proxy container on the stack's networks, publishing one listener per endpoint. It is labelled
// `xnai.access=true` so isolation checks tell it apart from the stack, and it doubles as the fault
// proxy for suite-to-service paths.
import type Dockerode from "dockerode";
import { PullPolicy, Wait, type StartedTestContainer } from "testcontainers";
import { ServiceContainer } from "./service-container.ts";

export interface AccessTarget {
  service: string;
  port: number;
}

export const accessApiPort = 8474;
const firstListenPort = 20000;

export class AccessProxy {
  constructor(
    readonly container: StartedTestContainer,
    private readonly listeners: Map<string, number>,
    private readonly docker: Dockerode,
  ) {}

  static key(service: string, port: number): string {
    return `${service}:${port}`;
  }

  address(service: string, port: number): { host: string; port: number } {
    const listen = this.listeners.get(AccessProxy.key(service, port));
    if (listen === undefined) throw new Error(`the access proxy has no listener for ${service}:${port}`);
    return { host: this.container.getHost(), port: this.container.getMappedPort(listen) };
  }

  /** Name of the proxy (in the Toxiproxy API) that carries suite traffic to service:port. */
  proxyName(service: string, port: number): string {
    return `access-${service}-${port}`;
  }

  apiUrl(): string {
    return `http://${this.container.getHost()}:${this.container.getMappedPort(accessApiPort)}`;
  }

  async remove(): Promise<void> {
    await this.docker.getContainer(this.container.getId()).remove({ force: true }).catch(() => undefined);
  }
}

export async function startAccessProxy(opts: {
  docker: Dockerode;
  image: string;
  name: string;
  labels: Record<string, string>;
  targets: AccessTarget[];
  networks: string[];
}): Promise<AccessProxy> {
  const listeners = new Map<string, number>();
  const config = opts.targets.map((t, i) => {
    listeners.set(AccessProxy.key(t.service, t.port), firstListenPort + i);
    return { name: `access-${t.service}-${t.port}`, listen: `0.0.0.0:${firstListenPort + i}`, upstream: `${t.service}:${t.port}`, enabled: true };
  });
  const container = await new ServiceContainer(opts.image)
    .withPullPolicy(PullPolicy.neverPull())
    .withName(opts.name)
    .withLabels({ ...opts.labels, "xnai.access": "true" })
    .withNetworks(opts.networks.map((network) => ({ network, aliases: [] })))
    .withCopyContentToContainer([{ content: JSON.stringify(config), target: "/etc/xnai/access-proxies.json", mode: 0o444 }])
    .withEnvironment({ FAULT_PROXY_CONFIG: "/etc/xnai/access-proxies.json" })
    .withExposedPorts(accessApiPort, ...[...listeners.values()])
    .withWaitStrategy(Wait.forHttp("/version", accessApiPort))
    .withStartupTimeout(30_000)
    .start();
  return new AccessProxy(container, listeners, opts.docker);
}

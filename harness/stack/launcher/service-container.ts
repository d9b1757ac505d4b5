// GenericContainer with what compose needs and testcontainers has no builder for: several networks
// attached at create time (no detour through the default network), named volumes, restart policy,
// read-only root fs, init, cpu/memory limits.
import "./podman-compat.ts";
import { GenericContainer } from "testcontainers";
import type Dockerode from "dockerode";

export interface NetworkAttachment {
  network: string;
  aliases: string[];
}

export class ServiceContainer extends GenericContainer {
  withNetworks(attachments: NetworkAttachment[]): this {
    const [first] = attachments;
    if (!first) return this;
    this.withNetworkMode(first.network);
    this.createOpts.NetworkingConfig = {
      EndpointsConfig: Object.fromEntries(attachments.map((a) => [a.network, { Aliases: a.aliases }])),
    };
    return this;
  }

  withHostConfig(extra: Partial<Dockerode.HostConfig>): this {
    Object.assign(this.hostConfig, extra);
    return this;
  }

  withMountsConfig(mounts: Dockerode.MountSettings[]): this {
    this.hostConfig.Mounts = [...(this.hostConfig.Mounts ?? []), ...mounts];
    return this;
  }

  withBinds(binds: string[]): this {
    this.hostConfig.Binds = [...(this.hostConfig.Binds ?? []), ...binds];
    return this;
  }
}

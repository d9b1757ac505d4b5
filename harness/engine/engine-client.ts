// A Dockerode client for one engine (testcontainers keeps a single global one; the reaper and
// capability probes need to address rootless and rootful engines separately).
import Dockerode from "dockerode";
import type { EngineTarget } from "./engine-target.ts";

export function dockerodeFor(target: Pick<EngineTarget, "socketUrl">): Dockerode {
  const url = target.socketUrl;
  if (url.startsWith("unix://")) return new Dockerode({ socketPath: url.slice("unix://".length) });
  const parsed = new URL(url);
  if (parsed.protocol === "ssh:") return new Dockerode({ protocol: "ssh", host: parsed.hostname, port: Number(parsed.port || 22), username: parsed.username || undefined } as Dockerode.DockerOptions);
  return new Dockerode({ host: parsed.hostname, port: Number(parsed.port || 2375), protocol: parsed.protocol === "https:" ? "https" : "http" });
}

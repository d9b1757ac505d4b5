// A bounded memory and CPU hog beside the stack: stress-ng in its own container from the base image,
// ended by its own --timeout even if the suite dies; removed by the returned handle.
import type Dockerode from "dockerode";
import type { EngineSession } from "../engine/engine-session.ts";
import { dockerodeFor } from "../engine/engine-client.ts";

export interface HostHogOptions {
  vmBytes: number;
  cpuWorkers: number;
  timeoutS: number;
  name: string;
}

export interface HostHog extends AsyncDisposable {
  container: Dockerode.Container;
  startedAtMs: number;
  /** stress-ng's own log (what it managed to allocate). */
  logs: () => Promise<string>;
  remove: () => Promise<void>;
}

export async function startHostHog(session: EngineSession, o: HostHogOptions): Promise<HostHog> {
  const docker = dockerodeFor(session.target);
  const cmd = ["stress-ng", "--vm", "1", "--vm-bytes", `${Math.floor(o.vmBytes / 1024 / 1024)}M`, "--vm-keep", "--timeout", `${o.timeoutS}s`, "--metrics-brief"];
  if (o.cpuWorkers > 0) cmd.push("--cpu", String(o.cpuWorkers));
  const container = await docker.createContainer({ name: o.name, Image: session.baseImage, Cmd: cmd, Labels: { ...session.labels, "xnai.role": "host-hog" }, HostConfig: { NetworkMode: "none" } });
  await container.start();
  const remove = () => container.remove({ force: true }).then(() => undefined, () => undefined);
  return {
    container,
    startedAtMs: Date.now(),
    logs: async () => String(await container.logs({ stdout: true, stderr: true, follow: false })),
    remove,
    [Symbol.asyncDispose]: remove,
  };
}

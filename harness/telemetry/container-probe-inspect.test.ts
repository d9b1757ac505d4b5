import type Dockerode from "dockerode";
import { describe, expect, it } from "vitest";
import { ContainerProbe } from "./container-probe.ts";

/** An engine whose one container is "run" by a given pid; counts inspect calls. */
function fakeEngine(pid: number) {
  const calls = { inspect: 0 };
  const info = { Id: "0123456789abcdef", State: { Running: true, Pid: pid, StartedAt: "2026-01-01T00:00:00.000Z" }, RestartCount: 0, HostConfig: { Tmpfs: {} } };
  const container = {
    inspect: async () => {
      calls.inspect++;
      return info;
    },
    stats: async () => ({ cpu_stats: { cpu_usage: { total_usage: 0 } }, memory_stats: {} }),
  };
  return { docker: { getContainer: () => container } as unknown as Dockerode, calls };
}

describe("ContainerProbe inspect reuse", () => {
  it("reuses the last inspect while the container's main process lives on", async () => {
    const { docker, calls } = fakeEngine(process.pid);
    const probe = new ContainerProbe(docker, "api", "0123456789abcdef", { hostProc: true });
    for (let i = 0; i < 3; i++) expect(await probe.read()).toMatchObject({ ok: true, running: true });
    expect(calls.inspect).toBe(1);
  });

  it("inspects on every read when the main process is gone (a stop, kill or restart) or the engine is remote", async () => {
    const gone = fakeEngine(2 ** 22 + 1);
    const local = new ContainerProbe(gone.docker, "api", "0123456789abcdef", { hostProc: true });
    for (let i = 0; i < 3; i++) await local.read();
    expect(gone.calls.inspect).toBe(3);
    const remote = fakeEngine(process.pid);
    const far = new ContainerProbe(remote.docker, "api", "0123456789abcdef", { hostProc: false, tmpfsMethod: "exec" });
    for (let i = 0; i < 3; i++) await far.read();
    expect(remote.calls.inspect).toBe(3);
  });
});

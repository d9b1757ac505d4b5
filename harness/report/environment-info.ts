// Environment facts shown on the report: engine, podman, cgroups, kernel, CPU, node.
import { cpus, release, totalmem } from "node:os";
import type { Capabilities } from "../engine/capabilities.ts";

export function environmentInfo(opts: { engine: string; podmanVersion?: string; capabilities?: Capabilities; profile: string; runId: string }): Record<string, string> {
  const c = opts.capabilities;
  return {
    profile: opts.profile,
    engine: opts.engine,
    podman: opts.podmanVersion ?? "unknown",
    rootless: c ? String(c.rootless.available) : "unknown",
    "cgroup mode": c?.cgroupMode.detail ?? "unknown",
    "memory limits enforced": c ? String(c.memoryLimits.available) : "unknown",
    kernel: release(),
    cpu: `${cpus()[0]?.model ?? "unknown"} x${cpus().length}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    run: opts.runId,
  };
}

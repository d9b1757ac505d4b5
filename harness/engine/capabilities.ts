// Capability probe: what this engine really does (never trusting the API's word), recorded for the report.
import { existsSync } from "node:fs";
import type { EngineTarget } from "./engine-target.ts";
import { podman, runCommand } from "./podman-cli.ts";
import { hostEnv } from "./host-setup.ts";

export interface Capability {
  available: boolean;
  detail: string;
}

export interface Capabilities {
  engine: EngineTarget["kind"];
  rootless: Capability;
  cgroupMode: Capability;
  memoryLimits: Capability;
  pause: Capability;
  iptablesInNetns: Capability;
  tcTbf: Capability;
  netem: Capability;
  probedAt: string;
}

export type CapabilityName = Exclude<keyof Capabilities, "engine" | "probedAt">;

export function cgroupModeOfHost(): string {
  if (existsSync("/sys/fs/cgroup/cgroup.controllers")) return "v2 (unified)";
  if (existsSync("/sys/fs/cgroup/unified")) return "v1 (hybrid)";
  return "v1";
}

/** Runs a command in the network namespace of a container of this engine. */
export async function nsenterNet(target: EngineTarget, pid: number, cmd: string[]) {
  const args = ["nsenter", "-t", String(pid), "-n", ...cmd];
  if (target.kind === "rootless") return podman(target, ["unshare", ...args], { allowFailure: true, timeoutMs: 20_000 });
  return runCommand(args, hostEnv, { allowFailure: true, timeoutMs: 20_000 });
}

/** First non-loopback interface of a container's netns (eth0 on a bridge, tap0 under slirp4netns). */
export async function primaryInterface(target: EngineTarget, pid: number): Promise<string> {
  const r = await nsenterNet(target, pid, ["ip", "-o", "link", "show"]);
  const names = r.stdout.split("\n").map((l) => l.split(":")[1]?.trim().split("@")[0]).filter((n): n is string => !!n && n !== "lo");
  return names[0] ?? "eth0";
}

export async function probeCapabilities(target: EngineTarget, image: string, labels: Record<string, string>): Promise<Capabilities> {
  const info = JSON.parse((await podman(target, ["info", "--format", "json"], { timeoutMs: 60_000 })).stdout) as {
    host: { security: { rootless: boolean }; cgroupVersion: string; ociRuntime?: { name: string } };
  };
  const name = `xnai-probe-${process.pid}-${Date.now().toString(36)}`;
  const labelArgs = Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
  await podman(target, ["run", "-d", "--name", name, ...labelArgs, "--memory", "64m", image, "sleep", "120"], { timeoutMs: 60_000 });
  try {
    const limitRead = await podman(target, ["exec", name, "sh", "-c", "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes"], { allowFailure: true });
    const limit = Number(limitRead.stdout.trim());
    const memoryLimits: Capability =
      limit > 0 && limit <= 64 * 1024 * 1024
        ? { available: true, detail: `limit read inside the container: ${limit} bytes` }
        : { available: false, detail: `asked for 64 MiB, the container sees ${limitRead.stdout.trim() || "no limit"} (rootless on cgroup v1 ignores limits)` };
    const pauseRun = await podman(target, ["pause", name], { allowFailure: true });
    if (pauseRun.code === 0) await podman(target, ["unpause", name], { allowFailure: true });
    const pause: Capability = pauseRun.code === 0 ? { available: true, detail: "podman pause works" } : { available: false, detail: `pause fails (${pauseRun.stderr.trim().split("\n").pop()}); SIGSTOP/SIGCONT is used instead` };
    const pid = Number((await podman(target, ["inspect", "--format", "{{.State.Pid}}", name])).stdout.trim());
    const ipt = await nsenterNet(target, pid, ["iptables", "-L", "-n"]);
    const iptablesInNetns: Capability = { available: ipt.code === 0, detail: ipt.code === 0 ? "iptables works in the container netns" : ipt.stderr.trim().split("\n").pop() ?? "failed" };
    const dev = await primaryInterface(target, pid);
    const tbf = await nsenterNet(target, pid, ["tc", "qdisc", "add", "dev", dev, "root", "tbf", "rate", "1mbit", "burst", "32kbit", "latency", "400ms"]);
    if (tbf.code === 0) await nsenterNet(target, pid, ["tc", "qdisc", "del", "dev", dev, "root"]);
    const tcTbf: Capability = { available: tbf.code === 0, detail: tbf.code === 0 ? "tc tbf works in the container netns" : tbf.stderr.trim().split("\n").pop() ?? "failed" };
    const netemRun = await nsenterNet(target, pid, ["tc", "qdisc", "add", "dev", dev, "root", "netem", "delay", "10ms"]);
    if (netemRun.code === 0) await nsenterNet(target, pid, ["tc", "qdisc", "del", "dev", dev, "root"]);
    const netem: Capability = { available: netemRun.code === 0, detail: netemRun.code === 0 ? "netem works" : "kernel has no netem: latency/jitter go through the fault proxy" };
    return {
      engine: target.kind,
      rootless: { available: info.host.security.rootless, detail: info.host.security.rootless ? `rootless as ${target.user}` : "rootful" },
      cgroupMode: { available: true, detail: `${info.host.cgroupVersion} (host: ${cgroupModeOfHost()})` },
      memoryLimits,
      pause,
      iptablesInNetns,
      tcTbf,
      netem,
      probedAt: new Date().toISOString(),
    };
  } finally {
    await podman(target, ["rm", "-f", "-t", "0", name], { allowFailure: true });
  }
}

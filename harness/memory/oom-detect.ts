// OOM kills as the host sees them. Podman's State.OOMKilled is always false here (PLATFORM.md), so the
// evidence is the exit code 137 plus the kernel's counters: the container's memory cgroup (v1
// memory.oom_control, v2 memory.events) while it exists, and the host-wide oom_kill in /proc/vmstat.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { StartedStack } from "../stack/launcher/started-stack.ts";

export function hostOomKills(): number | null {
  try {
    const m = /^oom_kill (\d+)$/m.exec(readFileSync("/proc/vmstat", "utf8"));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function findDir(root: string, needle: string, depth: number): string | null {
  if (depth < 0 || !existsSync(root)) return null;
  let entries: string[];
  try {
    entries = readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return null;
  }
  for (const name of entries) if (name.includes(needle)) return join(root, name);
  for (const name of entries) {
    const found = findDir(join(root, name), needle, depth - 1);
    if (found) return found;
  }
  return null;
}

/** oom_kill of the container's memory cgroup on this host (rootful, local engine); null when not found. */
export function containerOomKills(containerId: string, cgroupRoot = "/sys/fs/cgroup"): { oomKill: number; file: string } | null {
  for (const [root, file] of [[join(cgroupRoot, "memory"), "memory.oom_control"], [cgroupRoot, "memory.events"]] as const) {
    const dir = findDir(root, containerId, 4);
    if (!dir || !existsSync(join(dir, file))) continue;
    const m = /^oom_kill (\d+)$/m.exec(readFileSync(join(dir, file), "utf8"));
    if (m) return { oomKill: Number(m[1]), file: join(dir, file) };
  }
  return null;
}

/**
 * Makes the service's own processes (children of the init) the OOM killer's first choice, so the hog
 * started next to them stands in for the service outgrowing its limit. Raising oom_score_adj needs
 * no capability.
 */
export async function preferServiceAsOomVictim(stack: StartedStack, service: string): Promise<string> {
  const r = await stack.exec(service, ["/bin/sh", "-c", "for p in $(cat /proc/1/task/1/children); do echo 1000 > /proc/$p/oom_score_adj && echo $p; done"], { timeoutMs: 10_000 });
  if (r.exitCode !== 0 || r.stdout.trim() === "") throw new Error(`could not raise oom_score_adj in ${service}: ${r.output.trim()}`);
  return r.stdout.trim();
}

// Allocates and touches memory in 16 MiB steps up to `bytes`, holds it, then exits: bounded even when
// no limit stops it. stress-ng is not used here: it makes its own workers the OOM killer's first choice.
const hogScript =
  "const [b,h]=process.argv.slice(1).map(Number);const a=[];let n=0;" +
  "while(n<b){a.push(Buffer.alloc(16777216,1));n+=16777216}" +
  "console.log('held',n);setTimeout(()=>process.exit(0),h)";

/** A memory hog inside the service (node, as the service user), past its limit; resolves when it or the container ends. */
export function hogInside(stack: StartedStack, service: string, bytes: number, holdMs: number): Promise<string> {
  return stack.exec(service, ["node", "-e", hogScript, String(bytes), String(holdMs)], { timeoutMs: holdMs + 30_000 }).then(
    (r) => `exit ${r.exitCode}: ${r.output.trim().split("\n").slice(-3).join(" | ")}`,
    (e: Error) => `exec ended: ${e.message}`,
  );
}

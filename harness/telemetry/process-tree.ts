// A container's process tree read from the host's /proc: CPU time and resident memory, for engines
// whose stats do not describe the container. Rootless Podman on cgroup v1 reports 0 CPU and the memory
// of its API service's cgroup (the same ~2 GB for every container).
import { readFile } from "node:fs/promises";

const clockTicksPerSecond = 100;
const pageBytes = 4096;

export interface ProcessTreeUsage {
  cpuMs: number;
  rssBytes: number;
  processes: number;
}

// Only the main thread's list: processes fork from it (node, catatonit, shells), and reading every
// thread's list costs ~10x more for multi-threaded servers.
async function children(pid: number): Promise<number[]> {
  const list = await readFile(`/proc/${pid}/task/${pid}/children`, "utf8").catch(() => "");
  return list.trim().split(/\s+/).filter(Boolean).map(Number);
}

/** utime+stime+cutime+cstime (fields 14-17) and rss pages (field 24) of /proc/<pid>/stat, after the comm. */
export function parseProcStat(stat: string): { cpuMs: number; rssBytes: number } {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + (Number(fields[i]) || 0), 0);
  return { cpuMs: (ticks * 1000) / clockTicksPerSecond, rssBytes: (Number(fields[21]) || 0) * pageBytes };
}

/** The kernel's start time of a process (clock ticks since boot, field 22), or undefined if it is gone. */
export async function processStartTime(pid: number): Promise<number | undefined> {
  if (!(pid > 0)) return undefined;
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  if (stat === undefined) return undefined;
  const value = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
  return Number.isFinite(value) ? value : undefined;
}

/** Undefined when this host cannot see the process (remote engine, no permission, process gone). */
export async function readProcessTree(rootPid: number): Promise<ProcessTreeUsage | undefined> {
  if (!(rootPid > 0)) return undefined;
  const seen = new Set<number>();
  const queue = [rootPid];
  const usage: ProcessTreeUsage = { cpuMs: 0, rssBytes: 0, processes: 0 };
  while (queue.length > 0 && seen.size < 512) {
    const pid = queue.shift()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
    if (stat === undefined) continue;
    const own = parseProcStat(stat);
    usage.cpuMs += own.cpuMs;
    usage.rssBytes += own.rssBytes;
    usage.processes++;
    queue.push(...(await children(pid)));
  }
  return usage.processes > 0 ? usage : undefined;
}

/**
 * Whether the engine's memory figure is the container's own: its memory cgroup (v1 `memory`
 * controller, or the v2 unified one) is named after the container. Undefined when /proc is not ours.
 */
export async function memoryCgroupIsContainers(pid: number, containerId: string): Promise<boolean | undefined> {
  const text = await readFile(`/proc/${pid}/cgroup`, "utf8").catch(() => undefined);
  if (text === undefined) return undefined;
  const line = text.split("\n").find((entry) => /^\d+:([^:]*,)?memory(,[^:]*)?:/.test(entry)) ?? text.split("\n").find((entry) => entry.startsWith("0::"));
  return line !== undefined && line.includes(containerId.slice(0, 12));
}

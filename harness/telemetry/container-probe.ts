// One service's container per tick: inspect (running, restarts), a one-shot stats call (memory, CPU),
// and its tmpfs mounts. Any failure becomes a gap with the error; the probe never throws.
import type Dockerode from "dockerode";
import { execIn } from "../stack/launcher/exec.ts";
import { memoryCgroupIsContainers, processStartTime, readProcessTree, type ProcessTreeUsage } from "./process-tree.ts";
import { dfCommand, parseDf, statfsTmpfs } from "./tmpfs-usage.ts";
import type { ContainerReading, ServiceSample, TmpfsUsage } from "./telemetry-series.ts";

export type TmpfsMethod = "auto" | "exec";

interface EngineStats {
  read?: string;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Usage minus inactive page cache, as `docker stats` computes it (cgroup v1 and v2 names). */
export function workingSetBytes(memory: EngineStats["memory_stats"]): number | null {
  if (memory?.usage === undefined) return null;
  const inactive = memory.stats?.total_inactive_file ?? memory.stats?.inactive_file ?? 0;
  return Math.max(0, memory.usage - (inactive < memory.usage ? inactive : 0));
}

/** The limit is enforced only when the cgroup reports (about) the configured one; else it is the host's RAM. */
export function enforcedLimit(configuredBytes: number | undefined, reportedBytes: number | undefined): number | null {
  if (!configuredBytes || !reportedBytes) return null;
  return reportedBytes <= configuredBytes * 1.05 ? reportedBytes : null;
}

const inspectReuseMs = 10_000;

export class ContainerProbe {
  #previousCpu: { atMs: number; cpuMs: number; startedAt: string } | undefined;
  #useExec: boolean;
  /** Decided on the first running sample: whether the engine's stats describe this container. */
  #memoryFromEngine: boolean | undefined;
  #cpuFromEngine: boolean | undefined;
  readonly #hostProc: boolean;
  #lastTmpfsMethod: "statfs" | "exec" = "statfs";
  /** The last inspect, reused while its main process lives on (a local engine only). */
  #inspected: { info: Dockerode.ContainerInspectInfo; atMs: number; pidStartTime: number } | undefined;

  constructor(
    private readonly docker: Dockerode,
    readonly service: string,
    private readonly containerId: string,
    options: { tmpfsMethod?: TmpfsMethod; /** The engine runs on this host, so its pids are in our /proc. */ hostProc?: boolean } = {},
  ) {
    this.#hostProc = options.hostProc ?? true;
    this.#useExec = options.tmpfsMethod === "exec" || !this.#hostProc;
    if (!this.#hostProc) this.#memoryFromEngine = true;
  }

  get tmpfsMethod(): "statfs" | "exec" {
    return this.#useExec ? "exec" : this.#lastTmpfsMethod;
  }

  /**
   * An inspect costs the engine ~4 ms of CPU per container. On the engine's host the same main process
   * (pid and kernel start time unchanged) means the same run of the container: reuse the last inspect
   * for up to inspectReuseMs; a stop, kill or restart ends that process and is inspected at once.
   */
  async #inspect(container: Dockerode.Container): Promise<Dockerode.ContainerInspectInfo> {
    const last = this.#inspected;
    if (this.#hostProc && last !== undefined && Date.now() - last.atMs < inspectReuseMs && (await processStartTime(last.info.State.Pid)) === last.pidStartTime) return last.info;
    const info = await container.inspect();
    const pidStartTime = info.State.Running && this.#hostProc ? await processStartTime(info.State.Pid) : undefined;
    this.#inspected = pidStartTime === undefined ? undefined : { info, atMs: Date.now(), pidStartTime };
    return info;
  }

  async read(): Promise<ServiceSample> {
    const container = this.docker.getContainer(this.containerId);
    let info: Dockerode.ContainerInspectInfo;
    try {
      info = await this.#inspect(container);
    } catch (error) {
      return { service: this.service, ok: false, error: `inspect: ${errorText(error)}` };
    }
    const running = info.State.Running === true;
    const mounts = Object.keys(info.HostConfig.Tmpfs ?? {}).sort();
    if (running && this.#memoryFromEngine === undefined) this.#memoryFromEngine = (await memoryCgroupIsContainers(info.State.Pid, info.Id)) !== false;
    // stats cost the engine real work: skip them once they are known to say nothing about this container
    const wantStats = running && (this.#memoryFromEngine === true || this.#cpuFromEngine !== false);
    const [stats, tmpfs, tree] = await Promise.all([
      wantStats ? (container.stats({ stream: false }) as Promise<EngineStats>).catch((error: unknown) => new Error(errorText(error))) : undefined,
      running ? this.#tmpfs(info.State.Pid, mounts) : { usage: null, error: "container not running" },
      running && this.#hostProc ? readProcessTree(info.State.Pid) : undefined,
    ]);
    const statsOk = stats !== undefined && !(stats instanceof Error) ? stats : undefined;
    if (statsOk !== undefined && this.#cpuFromEngine === undefined) this.#cpuFromEngine = (statsOk.cpu_stats?.cpu_usage?.total_usage ?? 0) > 0;
    const reading: ContainerReading = {
      ok: true,
      running,
      memoryBytes: this.#memoryFromEngine === false ? hostMemory(tree, tmpfs.usage) : workingSetBytes(statsOk?.memory_stats),
      memoryLimitBytes: this.#memoryFromEngine === false ? null : enforcedLimit(info.HostConfig.Memory, statsOk?.memory_stats?.limit),
      memorySource: this.#memoryFromEngine === false ? "host-proc" : "engine",
      cpuPercent: running ? this.#cpuPercent(this.#cpuFromEngine ? statsOk : undefined, tree, info.State.StartedAt) : null,
      restartCount: info.RestartCount ?? 0,
      startedAt: info.State.StartedAt,
      tmpfs: tmpfs.usage,
    };
    const problems = [stats instanceof Error ? `stats: ${stats.message}` : undefined, tmpfs.error].filter((problem): problem is string => problem !== undefined);
    if (problems.length > 0) reading.problems = problems;
    return { service: this.service, ...reading };
  }

  async #tmpfs(pid: number, mounts: string[]): Promise<{ usage: TmpfsUsage[] | null; error?: string }> {
    if (mounts.length === 0) return { usage: [] };
    if (!this.#useExec) {
      try {
        const usage = await statfsTmpfs(pid, mounts);
        this.#lastTmpfsMethod = "statfs";
        return { usage };
      } catch (error) {
        // the process ended between inspect and statfs: a gap, not a reason to change method
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return { usage: null, error: `statfs: ${errorText(error)}` };
        // not the engine's host, or no permission: every later tick uses exec
        this.#useExec = true;
      }
    }
    try {
      const result = await execIn(this.docker, this.containerId, dfCommand(mounts), { timeoutMs: 5_000 });
      if (result.exitCode !== 0) return { usage: null, error: `df exited ${result.exitCode}: ${result.output.slice(0, 200)}` };
      return { usage: parseDf(result.stdout, mounts) };
    } catch (error) {
      return { usage: null, error: `df: ${errorText(error)}` };
    }
  }

  #cpuPercent(stats: EngineStats | undefined, tree: ProcessTreeUsage | undefined, startedAt: string): number | null {
    const engineNs = stats?.cpu_stats?.cpu_usage?.total_usage;
    const cpuMs = engineNs ? engineNs / 1e6 : tree?.cpuMs;
    if (cpuMs === undefined) return null;
    const now = { atMs: Date.now(), cpuMs, startedAt };
    const previous = this.#previousCpu;
    this.#previousCpu = now;
    // a restart resets the counters
    if (previous === undefined || previous.startedAt !== now.startedAt || now.atMs <= previous.atMs) return null;
    return Math.max(0, ((now.cpuMs - previous.cpuMs) / (now.atMs - previous.atMs)) * 100);
  }
}

/** What a memory cgroup would charge: resident memory of the processes plus the container's own tmpfs pages. */
function hostMemory(tree: ProcessTreeUsage | undefined, tmpfs: TmpfsUsage[] | null): number | null {
  if (tree === undefined) return null;
  return tree.rssBytes + (tmpfs ?? []).reduce((sum, usage) => sum + usage.usedBytes, 0);
}

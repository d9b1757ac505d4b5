// What the sampler records: one tick per interval, one sample per service, Redis and each /metrics
// endpoint. A sample that could not be taken is kept as a gap with its error, never dropped.
import type { FaultWindow } from "../plots/svg-chart.ts";

export interface TmpfsUsage {
  mount: string;
  usedBytes: number;
  sizeBytes: number;
  /** usedBytes / sizeBytes */
  usedRatio: number;
}

export type Gap = { ok: false; error: string };

export interface ContainerReading {
  ok: true;
  running: boolean;
  /** Working set: usage minus inactive file cache (as `docker stats` shows it); tmpfs pages stay in. */
  memoryBytes: number | null;
  /** engine: the container's cgroup via the engine's stats; host-proc: RSS of its processes plus its tmpfs pages. */
  memorySource: "engine" | "host-proc";
  /** The limit the kernel enforces, null when none is (no limit set, or rootless cgroup v1 ignoring it). */
  memoryLimitBytes: number | null;
  /** Percent of one core since the previous tick; null on the first tick or when the engine reports no CPU. */
  cpuPercent: number | null;
  restartCount: number;
  startedAt: string;
  /** Empty when the container has no tmpfs mounts, null when they could not be read this tick. */
  tmpfs: TmpfsUsage[] | null;
  /** Parts of the reading that failed this tick (stats, tmpfs). */
  problems?: string[];
}

export type ServiceSample = { service: string } & (ContainerReading | Gap);

export interface RedisReading {
  ok: true;
  usedMemoryBytes: number;
  maxmemoryBytes: number;
  evictedKeys: number;
  rdbLastBgsaveStatus: string | null;
  rdbChangesSinceLastSave: number | null;
  aofEnabled: boolean;
  aofLastWriteStatus: string | null;
  loading: boolean;
}

export type RedisSample = { service: string } & (RedisReading | Gap);

export interface ScrapeReading {
  ok: true;
  /** Series key (`name{labels}`) -> value, counters and gauges only. */
  values: Record<string, number>;
}

export type ScrapeSample = { service: string } & (ScrapeReading | Gap);

export interface TelemetryTick {
  atMs: number;
  /** Wall time the tick's probes took. */
  durationMs: number;
  services: ServiceSample[];
  redis?: RedisSample;
  scrapes: ScrapeSample[];
}

export interface TelemetrySeries {
  startedAtMs: number;
  stoppedAtMs: number;
  intervalMs: number;
  services: string[];
  ticks: TelemetryTick[];
  /** Ticks dropped from the front because the ring buffer was full. */
  droppedTicks: number;
  /** Ticks skipped because the previous one was still running. */
  skippedTicks: number;
  faultWindows: FaultWindow[];
  tmpfsMethod: "statfs" | "exec";
}

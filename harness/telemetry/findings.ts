// Judges a telemetry series against the SLO: tmpfs fill and memory use above their ratio thresholds,
// and restarts no marked fault explains. Pure: every finding carries the time it happened.
import type { Slo } from "../slo/slo.ts";
import type { ContainerReading, TelemetrySeries } from "./telemetry-series.ts";

export type TelemetryMetric = "tmpfs_used_ratio" | "memory_used_ratio" | "unexpected_restarts";

export interface TelemetryFinding {
  /** ISO time the condition started (the restart time, or the first sample above the threshold). */
  time: string;
  atMs: number;
  service: string;
  metric: TelemetryMetric;
  /** Peak ratio of the episode, or the number of unexpected restarts of the run. */
  value: number;
  threshold: number;
  message: string;
  mount?: string;
}

export interface RestartEvent {
  service: string;
  atMs: number;
  count: number;
  expected: boolean;
  /** Label of the fault window that explains it. */
  fault?: string;
}

export interface TelemetrySummary {
  ticks: number;
  /** Service samples that are gaps (container gone, engine error). */
  gaps: number;
  tmpfsUsedRatioMax: number | null;
  memoryUsedRatioMax: number | null;
  unexpectedRestarts: number;
  expectedRestarts: number;
  restarts: RestartEvent[];
  /** Highest memory each service used while sampled (working set), whether or not a limit is enforced. */
  memoryPeakBytes: Record<string, number>;
}

export type TelemetryThresholds = Pick<Slo, "tmpfsUsedRatioMax" | "memoryUsedRatioMax" | "unexpectedRestarts">;

type Reading = ContainerReading & { atMs: number };

function readingsByService(series: TelemetrySeries): Map<string, Reading[]> {
  const byService = new Map<string, Reading[]>(series.services.map((service) => [service, []]));
  for (const tick of series.ticks) {
    for (const sample of tick.services) {
      if (!sample.ok) continue;
      const list = byService.get(sample.service) ?? [];
      list.push({ ...sample, atMs: tick.atMs });
      byService.set(sample.service, list);
    }
  }
  return byService;
}

function parseStartedAt(startedAt: string): number {
  // engines print nanoseconds; Date.parse wants at most milliseconds
  return Date.parse(startedAt.replace(/(\.\d{3})\d+/, "$1"));
}

export function restartEvents(series: TelemetrySeries): RestartEvent[] {
  const events: RestartEvent[] = [];
  for (const [service, readings] of readingsByService(series)) {
    for (let i = 1; i < readings.length; i++) {
      const previous = readings[i - 1]!;
      const current = readings[i]!;
      const countDelta = current.restartCount - previous.restartCount;
      if (current.startedAt === previous.startedAt && countDelta <= 0) continue;
      const startedAtMs = parseStartedAt(current.startedAt);
      // trust the engine's start time only when it falls between the two samples
      const atMs = startedAtMs > previous.atMs && startedAtMs <= current.atMs ? startedAtMs : current.atMs;
      // a restart policy acts a moment after the fault's end (a crash seen at undo): one more tick of grace
      const graceMs = 2 * series.intervalMs;
      const fault = series.faultWindows.find((window) => atMs >= window.startMs && atMs <= window.endMs + graceMs);
      events.push({ service, atMs, count: Math.max(1, countDelta), expected: fault !== undefined, ...(fault ? { fault: fault.label } : {}) });
    }
  }
  return events.sort((a, b) => a.atMs - b.atMs);
}

interface RatioPoint {
  atMs: number;
  ratio: number;
  detail: string;
}

/** One finding per episode above the threshold: its start time and its peak. */
function episodes(points: readonly RatioPoint[], threshold: number): { startMs: number; endMs: number; peak: RatioPoint }[] {
  const found: { startMs: number; endMs: number; peak: RatioPoint }[] = [];
  let open: { startMs: number; endMs: number; peak: RatioPoint } | undefined;
  for (const point of points) {
    if (point.ratio > threshold) {
      if (open === undefined) open = { startMs: point.atMs, endMs: point.atMs, peak: point };
      open.endMs = point.atMs;
      if (point.ratio > open.peak.ratio) open.peak = point;
    } else if (open !== undefined) {
      found.push(open);
      open = undefined;
    }
  }
  if (open !== undefined) found.push(open);
  return found;
}

function pct(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function offset(series: TelemetrySeries, atMs: number): string {
  return `t+${((atMs - series.startedAtMs) / 1000).toFixed(1)} s`;
}

export function tmpfsPoints(readings: readonly Reading[]): Map<string, RatioPoint[]> {
  const byMount = new Map<string, RatioPoint[]>();
  for (const reading of readings) {
    for (const usage of reading.tmpfs ?? []) {
      const list = byMount.get(usage.mount) ?? [];
      list.push({ atMs: reading.atMs, ratio: usage.usedRatio, detail: `${mib(usage.usedBytes)} of ${mib(usage.sizeBytes)}` });
      byMount.set(usage.mount, list);
    }
  }
  return byMount;
}

export function memoryPoints(readings: readonly Reading[]): RatioPoint[] {
  return readings
    .filter((reading) => reading.memoryBytes !== null && reading.memoryLimitBytes !== null && reading.memoryLimitBytes > 0)
    .map((reading) => ({
      atMs: reading.atMs,
      ratio: reading.memoryBytes! / reading.memoryLimitBytes!,
      detail: `${mib(reading.memoryBytes!)} of ${mib(reading.memoryLimitBytes!)}`,
    }));
}

function maxOrNull(values: readonly number[]): number | null {
  return values.length === 0 ? null : Math.max(...values);
}

export function summarizeTelemetry(series: TelemetrySeries): TelemetrySummary {
  const byService = readingsByService(series);
  const tmpfs = [...byService.values()].flatMap((readings) => [...tmpfsPoints(readings).values()].flat().map((point) => point.ratio));
  const memory = [...byService.values()].flatMap((readings) => memoryPoints(readings).map((point) => point.ratio));
  const restarts = restartEvents(series);
  const count = (expected: boolean) => restarts.filter((event) => event.expected === expected).reduce((sum, event) => sum + event.count, 0);
  return {
    ticks: series.ticks.length,
    gaps: series.ticks.reduce((sum, tick) => sum + tick.services.filter((sample) => !sample.ok).length, 0),
    tmpfsUsedRatioMax: maxOrNull(tmpfs),
    memoryUsedRatioMax: maxOrNull(memory),
    unexpectedRestarts: count(false),
    expectedRestarts: count(true),
    restarts,
    memoryPeakBytes: Object.fromEntries(
      [...byService].flatMap(([service, readings]) => {
        const peak = maxOrNull(readings.map((reading) => reading.memoryBytes).filter((bytes): bytes is number => bytes !== null));
        return peak === null ? [] : [[service, peak]];
      }),
    ),
  };
}

export function findTelemetryFindings(series: TelemetrySeries, slo: TelemetryThresholds): TelemetryFinding[] {
  const findings: TelemetryFinding[] = [];
  for (const [service, readings] of readingsByService(series)) {
    for (const [mount, points] of tmpfsPoints(readings)) {
      for (const episode of episodes(points, slo.tmpfsUsedRatioMax)) {
        findings.push({
          time: new Date(episode.startMs).toISOString(),
          atMs: episode.startMs,
          service,
          mount,
          metric: "tmpfs_used_ratio",
          value: episode.peak.ratio,
          threshold: slo.tmpfsUsedRatioMax,
          message: `tmpfs ${mount} of ${service} above ${pct(slo.tmpfsUsedRatioMax)} from ${offset(series, episode.startMs)} for ${((episode.endMs - episode.startMs) / 1000).toFixed(1)} s, peak ${pct(episode.peak.ratio)} (${episode.peak.detail}) at ${offset(series, episode.peak.atMs)}`,
        });
      }
    }
    for (const episode of episodes(memoryPoints(readings), slo.memoryUsedRatioMax)) {
      findings.push({
        time: new Date(episode.startMs).toISOString(),
        atMs: episode.startMs,
        service,
        metric: "memory_used_ratio",
        value: episode.peak.ratio,
        threshold: slo.memoryUsedRatioMax,
        message: `memory of ${service} above ${pct(slo.memoryUsedRatioMax)} of its limit from ${offset(series, episode.startMs)} for ${((episode.endMs - episode.startMs) / 1000).toFixed(1)} s, peak ${pct(episode.peak.ratio)} (${episode.peak.detail})`,
      });
    }
  }
  const unexpected = restartEvents(series).filter((event) => !event.expected);
  const total = unexpected.reduce((sum, event) => sum + event.count, 0);
  if (total > slo.unexpectedRestarts) {
    for (const event of unexpected) {
      findings.push({
        time: new Date(event.atMs).toISOString(),
        atMs: event.atMs,
        service: event.service,
        metric: "unexpected_restarts",
        value: total,
        threshold: slo.unexpectedRestarts,
        message: `${event.service} restarted${event.count > 1 ? ` ${event.count} times` : ""} at ${offset(series, event.atMs)} outside every marked fault window (${total} unexpected restarts in the run, at most ${slo.unexpectedRestarts} allowed)`,
      });
    }
  }
  return findings.sort((a, b) => a.atMs - b.atMs);
}

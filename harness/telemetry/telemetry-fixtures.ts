// Synthetic telemetry series for unit tests of findings, plots and metrics.
import type { ContainerReading, ServiceSample, TelemetrySeries, TelemetryTick } from "./telemetry-series.ts";

export const t0 = Date.parse("2026-01-01T00:00:00.000Z");
const mib = 1024 * 1024;

export interface SyntheticService {
  service: string;
  /** Per tick: used tmpfs fraction of a 32 MiB /cache, or null for a gap. */
  tmpfs?: (number | null)[];
  /** Per tick: working set MiB against a 100 MiB enforced limit, or null for a gap. */
  memoryMiB?: (number | null)[];
  /** Per tick: StartedAt offset (s) of the running container. */
  startedAtS?: number[];
  limitEnforced?: boolean;
}

function reading(spec: SyntheticService, i: number): ServiceSample {
  const tmpfs = spec.tmpfs?.[i];
  const memory = spec.memoryMiB?.[i];
  if (tmpfs === null || memory === null) return { service: spec.service, ok: false, error: "inspect: no such container" };
  const value: ContainerReading = {
    ok: true,
    running: true,
    memoryBytes: (memory ?? 10) * mib,
    memoryLimitBytes: spec.limitEnforced === false ? null : 100 * mib,
    memorySource: "engine",
    cpuPercent: 1,
    restartCount: 0,
    startedAt: new Date(t0 + (spec.startedAtS?.[i] ?? -60) * 1000).toISOString(),
    tmpfs: spec.tmpfs === undefined ? [] : [{ mount: "/cache", usedBytes: (tmpfs ?? 0) * 32 * mib, sizeBytes: 32 * mib, usedRatio: tmpfs ?? 0 }],
  };
  return { service: spec.service, ...value };
}

export function syntheticSeries(ticks: number, services: SyntheticService[], faultWindows: TelemetrySeries["faultWindows"] = []): TelemetrySeries {
  const list: TelemetryTick[] = Array.from({ length: ticks }, (_, i) => ({
    atMs: t0 + i * 1000,
    durationMs: 20,
    services: services.map((spec) => reading(spec, i)),
    scrapes: [],
  }));
  return {
    startedAtMs: t0,
    stoppedAtMs: t0 + ticks * 1000,
    intervalMs: 1000,
    services: services.map((spec) => spec.service),
    ticks: list,
    droppedTicks: 0,
    skippedTicks: 0,
    faultWindows,
    tmpfsMethod: "statfs",
  };
}

// Records the run's telemetry figures into the metrics file; a figure the host cannot measure (no
// enforced memory limit on rootless cgroup v1) is recorded as not-run with that reason.
import type { TelemetrySummary } from "./findings.ts";

export interface MetricSink {
  record(id: string, value: number, detail?: string): Promise<void>;
  notRun(id: string, reason: string): Promise<void>;
}

export const telemetryMetricIds = {
  tmpfsUsedRatioMax: "telemetry.tmpfs_used_ratio_max",
  memoryUsedRatioMax: "telemetry.memory_used_ratio_max",
  unexpectedRestarts: "telemetry.unexpected_restarts",
  /** Per service: `telemetry.memory_peak_mib.<service>`, report-only, tracked by the baseline. */
  memoryPeakMiBPrefix: "telemetry.memory_peak_mib.",
} as const;

export async function recordTelemetryMetrics(sink: MetricSink, summary: TelemetrySummary): Promise<void> {
  const detail = `${summary.ticks} ticks, ${summary.gaps} gaps`;
  if (summary.tmpfsUsedRatioMax === null) await sink.notRun(telemetryMetricIds.tmpfsUsedRatioMax, "no tmpfs mount could be read");
  else await sink.record(telemetryMetricIds.tmpfsUsedRatioMax, summary.tmpfsUsedRatioMax, detail);
  if (summary.memoryUsedRatioMax === null) {
    await sink.notRun(telemetryMetricIds.memoryUsedRatioMax, "no container has an enforced memory limit on this engine (rootless cgroup v1 ignores limits)");
  } else await sink.record(telemetryMetricIds.memoryUsedRatioMax, summary.memoryUsedRatioMax, detail);
  await sink.record(telemetryMetricIds.unexpectedRestarts, summary.unexpectedRestarts, `${summary.expectedRestarts} restarts inside fault windows`);
  for (const [service, bytes] of Object.entries(summary.memoryPeakBytes)) {
    await sink.record(`${telemetryMetricIds.memoryPeakMiBPrefix}${service}`, Math.round((bytes / 1024 ** 2) * 10) / 10, detail);
  }
}

import { legacyModeMeasures, redisPersistenceModes, type LegacyRedisPersistenceMode, type NumericSloKey, type RedisPersistenceMode, type Slo } from "../slo/slo.ts";
import type { Comparator } from "./verdict.ts";

export type MetricUnit = "ratio" | "ms" | "count" | "x";

export interface MetricDefinition {
  id: string;
  unit: MetricUnit;
  comparator: Comparator;
  /** Dotted path into the SLO, shown in reports so a reader knows which override to change. */
  sloKey: string;
  threshold: (slo: Slo) => number | null;
  /** A gated metric that fails or has not run fails the CI gate. */
  gates: boolean;
  description: string;
}

type Catalogue = readonly MetricDefinition[];

function fromSlo(
  id: string,
  unit: MetricUnit,
  comparator: Comparator,
  key: NumericSloKey,
  description: string,
  gates = true,
): MetricDefinition {
  return { id, unit, comparator, sloKey: key, threshold: (slo) => slo[key], gates, description };
}

export function lostAckedWritesMetricId(mode: RedisPersistenceMode): string {
  return `redis_loss.lost_acked_writes.${mode}`;
}

function lostAckedWrites(mode: RedisPersistenceMode): MetricDefinition {
  return {
    id: lostAckedWritesMetricId(mode),
    unit: "count",
    comparator: "<=",
    sloKey: `redisLostAckedWritesMax.${mode}`,
    threshold: (slo) => slo.redisLostAckedWritesMax[mode],
    // report-only modes still show up; they gate only when the SLO gives them a number
    gates: true,
    description:
      mode in legacyModeMeasures
        ? `acknowledged writes absent after a Redis process kill with persistence ${mode} (measured as ${legacyModeMeasures[mode as LegacyRedisPersistenceMode]})`
        : `acknowledged writes absent after a Redis process kill with persistence ${mode.replace(".", ", data on ")}`,
  };
}

function reportOnly(id: string, unit: MetricUnit, comparator: Comparator, description: string): MetricDefinition {
  return { id, unit, comparator, sloKey: "(report only)", threshold: () => null, gates: false, description };
}

export const metricCatalogue: Catalogue = Object.freeze([
  fromSlo("startup.success_ratio", "ratio", ">=", "startupSuccessRatio", "stack starts that became healthy"),
  fromSlo("startup.stack_healthy_ms", "ms", "<=", "stackHealthyMs", "slowest start-to-healthy of the stack"),
  fromSlo("startup.teardown_ms", "ms", "<=", "teardownMs", "slowest stack teardown"),
  fromSlo("inference.p95_ms", "ms", "<=", "inferenceP95Ms", "p95 inference latency at nominal concurrency"),
  fromSlo("inference.ttft_p95_ms", "ms", "<=", "ttftP95Ms", "p95 time to first token"),
  fromSlo("breaker.fast_fail_p99_ms", "ms", "<=", "breakerFastFailP99Ms", "p99 latency of calls rejected by an open breaker"),
  fromSlo("breaker.timeline_violations", "count", "<=", "breakerTimelineViolations", "breaker transitions that broke the state machine"),
  fromSlo("chaos.recovery_ms", "ms", "<=", "recoveryMs", "slowest return to steady state after a fault"),
  ...redisPersistenceModes.map(lostAckedWrites),
  fromSlo("redis_loss.reingest_ms", "ms", "<=", "redisWipeReingestMs", "wiped Redis to every crawler document back (FLUSHALL and a fresh tmpfs)"),
  fromSlo("memory.oom_outage_ms", "ms", "<=", "recoveryMs", "OOM kill of a service to its healthcheck passing again"),
  reportOnly("memory.host_pressure_p95_ratio", "x", "<=", "inference p95 under a bounded host memory+CPU hog / p95 without it, same load"),
  fromSlo("security.failed_checks", "count", "<=", "securityFailedChecks", "failed isolation and audit checks"),
  fromSlo("build.source_change_speedup", "x", ">=", "buildSourceChangeSpeedup", "cold build time / rebuild after a source change"),
  fromSlo("build.dependency_change_speedup", "x", ">=", "buildDependencyChangeSpeedup", "rebuild after a dependency change without cache mounts / with warm cache mounts"),
  fromSlo("telemetry.tmpfs_used_ratio_max", "ratio", "<=", "tmpfsUsedRatioMax", "highest tmpfs fill during the run"),
  // Report-only: engines that cannot enforce limits (rootless cgroup v1) have no ratio to report; the
  // OOM scenario covers limit behaviour on the rootful engine.
  fromSlo("telemetry.memory_used_ratio_max", "ratio", "<=", "memoryUsedRatioMax", "highest container memory use / limit", false),
  fromSlo("telemetry.unexpected_restarts", "count", "<=", "unexpectedRestarts", "container restarts no fault caused"),
]);

export function findMetric(catalogue: Catalogue, id: string): MetricDefinition | undefined {
  return catalogue.find((metric) => metric.id === id);
}

import type { Slo } from "../slo/slo.ts";
import type { RunSummary } from "./run-summary.ts";

export interface MetricRegression {
  id: string;
  value: number;
  /** Median of the metric over the last baselineWindowRuns runs that measured it. */
  baseline: number;
  /** Relative change in the bad direction: 0.3 = 30 % worse than the baseline. */
  worseBy: number;
  runsInBaseline: number;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Metrics that got worse than their recent baseline by more than regressionTolerance, even when
 * they still pass their absolute threshold. "Worse" follows the comparator: lower is better for <=.
 * `history` is oldest first and does not include `current`.
 */
export function findRegressions(current: RunSummary, history: readonly RunSummary[], slo: Pick<Slo, "regressionTolerance" | "baselineWindowRuns">): MetricRegression[] {
  const regressions: MetricRegression[] = [];
  for (const metric of current.metrics) {
    if (metric.value === null) continue;
    const past = history
      .map((run) => run.metrics.find((candidate) => candidate.id === metric.id)?.value)
      .filter((value): value is number => typeof value === "number")
      .slice(-slo.baselineWindowRuns);
    if (past.length === 0) continue;
    const baseline = median(past);
    const lowerIsBetter = metric.comparator === "<=" || metric.comparator === "<";
    const higherIsBetter = metric.comparator === ">=" || metric.comparator === ">";
    if (!lowerIsBetter && !higherIsBetter) continue;
    const delta = lowerIsBetter ? metric.value - baseline : baseline - metric.value;
    // a zero baseline (no lost writes, no restarts) regresses on any increase
    const worseBy = baseline === 0 ? (delta > 0 ? Infinity : 0) : delta / Math.abs(baseline);
    if (worseBy > slo.regressionTolerance) {
      regressions.push({ id: metric.id, value: metric.value, baseline, worseBy, runsInBaseline: past.length });
    }
  }
  return regressions;
}

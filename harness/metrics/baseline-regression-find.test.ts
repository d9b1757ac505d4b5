import { describe, expect, it } from "vitest";
import { findRegressions } from "./baseline-regression.ts";
import type { RunSummary, SummaryMetric } from "./run-summary.ts";

const slo = { regressionTolerance: 0.25, baselineWindowRuns: 3 };
const run = { started: "s", finished: "f", engine: "podman", rootless: true, profile: "p" };

function summary(values: Record<string, number | null>): RunSummary {
  const comparators: Record<string, SummaryMetric["comparator"]> = { "inference.p95_ms": "<=", "build.source_change_speedup": ">=", "security.failed_checks": "<=" };
  return {
    run,
    metrics: Object.entries(values).map(([id, value]) => ({
      id,
      value,
      unit: "",
      threshold: null,
      comparator: comparators[id] ?? "<=",
      verdict: value === null ? "not-run" : "pass",
      gates: true,
    })),
  };
}

describe("findRegressions", () => {
  it("flags a latency more than 25 % above the median of the last runs, not one within tolerance", () => {
    const history = [summary({ "inference.p95_ms": 500 }), summary({ "inference.p95_ms": 100 }), summary({ "inference.p95_ms": 110 }), summary({ "inference.p95_ms": 120 })];
    expect(findRegressions(summary({ "inference.p95_ms": 150 }), history, slo)).toMatchObject([
      { id: "inference.p95_ms", value: 150, baseline: 110, runsInBaseline: 3 },
    ]);
    expect(findRegressions(summary({ "inference.p95_ms": 130 }), history, slo)).toEqual([]);
  });

  it("treats a drop as the regression for higher-is-better metrics", () => {
    const history = [summary({ "build.source_change_speedup": 8 })];
    expect(findRegressions(summary({ "build.source_change_speedup": 5 }), history, slo)).toHaveLength(1);
    expect(findRegressions(summary({ "build.source_change_speedup": 12 }), history, slo)).toEqual([]);
  });

  it("flags any increase over a zero baseline and skips metrics without values or history", () => {
    expect(findRegressions(summary({ "security.failed_checks": 1 }), [summary({ "security.failed_checks": 0 })], slo)[0]?.worseBy).toBe(Infinity);
    expect(findRegressions(summary({ "inference.p95_ms": null }), [summary({ "inference.p95_ms": 1 })], slo)).toEqual([]);
    expect(findRegressions(summary({ "inference.p95_ms": 999 }), [], slo)).toEqual([]);
  });
});

import { describe, expect, it } from "vitest";
import { defaultSlo, mergeSlo } from "../slo/slo.ts";
import { lostAckedWritesMetricId, metricCatalogue } from "./metric-catalogue.ts";
import type { MetricRecord } from "./metric-record.ts";
import { buildSummary, gatePassed, type RunInfo } from "./run-summary.ts";

const run: RunInfo = {
  started: "2025-01-01T00:00:00.000Z",
  finished: "2025-01-01T00:10:00.000Z",
  engine: "podman 4.3.1",
  rootless: true,
  profile: "reference",
};
const at = "2025-01-01T00:05:00.000Z";

function measured(id: string, value: number): MetricRecord {
  return { id, status: "measured", value, recordedAt: at };
}

function allPassing(): MetricRecord[] {
  return metricCatalogue.map((metric) => {
    const threshold = metric.threshold(defaultSlo);
    return measured(metric.id, threshold ?? 12);
  });
}

describe("metricCatalogue", () => {
  it("has the ids the spec names, each once", () => {
    const ids = metricCatalogue.map((metric) => metric.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of [
      "startup.success_ratio",
      "inference.p95_ms",
      "breaker.fast_fail_p99_ms",
      "redis_loss.lost_acked_writes.aof-always",
      "redis_loss.lost_acked_writes.none-on-tmpfs",
      "security.failed_checks",
      "build.source_change_speedup",
      "build.dependency_change_speedup",
    ]) {
      expect(ids).toContain(id);
    }
  });
});

describe("buildSummary", () => {
  it("lists every catalogue metric as not-run when no suite recorded anything, and the gate fails", () => {
    const summary = buildSummary([], metricCatalogue, defaultSlo, run);
    expect(summary.metrics).toHaveLength(metricCatalogue.length);
    for (const metric of summary.metrics) {
      expect(metric).toMatchObject({ value: null, verdict: "not-run", reason: "suite has not run" });
    }
    expect(gatePassed(summary)).toBe(false);
  });

  it("passes the gate when every gated metric is within its threshold", () => {
    const summary = buildSummary(allPassing(), metricCatalogue, defaultSlo, run);
    expect(summary.metrics.every((metric) => metric.verdict === "pass")).toBe(true);
    expect(gatePassed(summary)).toBe(true);
    expect(JSON.parse(JSON.stringify(summary))).toEqual(summary);
  });

  it("fails a metric past its threshold with a reason, and the gate with it", () => {
    const summary = buildSummary([...allPassing(), measured("inference.p95_ms", 412)], metricCatalogue, defaultSlo, run);
    const p95 = summary.metrics.find((metric) => metric.id === "inference.p95_ms");
    expect(p95).toMatchObject({ value: 412, threshold: 300, comparator: "<=", verdict: "fail", unit: "ms" });
    expect(p95?.reason).toMatch(/412 violates <= 300/);
    expect(gatePassed(summary)).toBe(false);
  });

  it("keeps a recorded not-run reason and fails the gate for a gated metric", () => {
    const records = [...allPassing(), { id: "startup.teardown_ms", status: "not-run", reason: "no cgroup v2", recordedAt: at } as const];
    const summary = buildSummary(records, metricCatalogue, defaultSlo, run);
    expect(summary.metrics.find((metric) => metric.id === "startup.teardown_ms")).toMatchObject({
      verdict: "not-run",
      reason: "no cgroup v2",
    });
    expect(gatePassed(summary)).toBe(false);
  });

  it("reports loss for modes without a promise but does not gate on them", () => {
    const tmpfs = lostAckedWritesMetricId("none-on-tmpfs");
    const rdb = lostAckedWritesMetricId("rdb");
    const records = allPassing().filter((record) => record.id !== rdb);
    records.push(measured(tmpfs, 5000));
    const summary = buildSummary(records, metricCatalogue, defaultSlo, run);
    expect(summary.metrics.find((metric) => metric.id === tmpfs)).toMatchObject({ value: 5000, verdict: "pass", gates: false, threshold: null });
    expect(summary.metrics.find((metric) => metric.id === rdb)).toMatchObject({ verdict: "not-run", gates: false });
    expect(gatePassed(summary)).toBe(true);
  });

  it("gates a report-only mode once a profile gives it a number", () => {
    const slo = mergeSlo(defaultSlo, { redisLostAckedWritesMax: { rdb: 100 } });
    const records = [...allPassing(), measured(lostAckedWritesMetricId("rdb"), 101)];
    const summary = buildSummary(records, metricCatalogue, slo, run);
    expect(summary.metrics.find((metric) => metric.id === lostAckedWritesMetricId("rdb"))).toMatchObject({ verdict: "fail", gates: true });
    expect(gatePassed(summary)).toBe(false);
  });

  it("judges the worst measurement of an id and shows uncatalogued ids as report-only", () => {
    const records = [...allPassing(), measured("inference.p95_ms", 999), measured("inference.p95_ms", 120), measured("custom.thing", 3)];
    const summary = buildSummary(records, metricCatalogue, defaultSlo, run);
    expect(summary.metrics.find((metric) => metric.id === "inference.p95_ms")).toMatchObject({ value: 999, verdict: "fail" });
    expect(summary.metrics.at(-1)).toMatchObject({ id: "custom.thing", value: 3, verdict: "pass", gates: false });
    expect(gatePassed(summary)).toBe(false);
  });

  it("takes the lowest of several speedups (a >= metric)", () => {
    const records = [...allPassing(), measured("build.source_change_speedup", 3), measured("build.source_change_speedup", 4)];
    const summary = buildSummary(records, metricCatalogue, defaultSlo, run);
    expect(summary.metrics.find((metric) => metric.id === "build.source_change_speedup")).toMatchObject({ value: 3, verdict: "fail" });
  });
});

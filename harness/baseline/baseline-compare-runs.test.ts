import { describe, expect, it } from "vitest";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compareWithBaseline } from "./baseline-compare.ts";
import { figureDirection, figuresFromRecords } from "./baseline-figures.ts";
import { parseBaselineHistory, readBaselineHistory, type BaselineEntry } from "./baseline-history.ts";
import { baselineTableText } from "./baseline-table.ts";
import { machineKey, type MachineClass } from "./machine-class.ts";
import { recordRunBaseline } from "./record-baseline.ts";

const slo = { regressionTolerance: 0.25, baselineWindowRuns: 3 };
const machine: MachineClass = { os: "Linux Debian 12", cpuModel: "cpu", cores: 2, memoryGiB: 24, engine: "podman 4.3.1 rootless" };
const other: MachineClass = { ...machine, cores: 8 };

function entry(runId: string, figures: Record<string, number>, on: MachineClass = machine): BaselineEntry {
  return { runId, recordedAt: "2026-01-01T00:00:00.000Z", machine: on, machineKey: machineKey(on), figures };
}

describe("compareWithBaseline", () => {
  const history = [
    entry("r1", { "inference.p95_ms": 400 }),
    entry("r2", { "inference.p95_ms": 100, "build.source_change_speedup": 8 }),
    entry("r3", { "inference.p95_ms": 110, "build.source_change_speedup": 9 }),
    entry("r4", { "inference.p95_ms": 120, "build.source_change_speedup": 10 }),
    entry("fast", { "inference.p95_ms": 20 }, other),
  ];

  it("does not flag a lower-is-better figure that stays far under its SLO limit, however much it grew", () => {
    const tmpfs = [entry("t1", { "telemetry.tmpfs_used_ratio_max": 0.004 }), entry("t2", { "telemetry.tmpfs_used_ratio_max": 0.004 })];
    const withLimit = { ...slo, tmpfsUsedRatioMax: 0.8 };
    expect(compareWithBaseline(entry("now", { "telemetry.tmpfs_used_ratio_max": 0.008 }), tmpfs, withLimit).regressions).toEqual([]);
    // near the limit the relative rule holds again
    expect(compareWithBaseline(entry("now", { "telemetry.tmpfs_used_ratio_max": 0.3 }), [entry("t1", { "telemetry.tmpfs_used_ratio_max": 0.2 })], withLimit).regressions.map((r) => r.id)).toEqual(["telemetry.tmpfs_used_ratio_max"]);
  });

  it("flags a figure worse than the median of the last runs of the same machine class beyond tolerance", () => {
    const comparison = compareWithBaseline(entry("now", { "inference.p95_ms": 150, "build.source_change_speedup": 9.5 }), history, slo);
    expect(comparison.baselineRunIds).toEqual(["r2", "r3", "r4"]);
    expect(comparison.regressions.map((row) => row.id)).toEqual(["inference.p95_ms"]);
    expect(comparison.rows.find((row) => row.id === "inference.p95_ms")).toMatchObject({ baseline: 110, runsInBaseline: 3, regressed: true });
    expect(comparison.rows.find((row) => row.id === "build.source_change_speedup")).toMatchObject({ baseline: 9, regressed: false });
    expect(baselineTableText(comparison)).toMatch(/inference\.p95_ms\s+150\s+110\s+3\s+36 % worse\s+REGRESSION/);
  });

  it("passes a figure within tolerance, and has no baseline on a machine class seen for the first time", () => {
    expect(compareWithBaseline(entry("now", { "inference.p95_ms": 130 }), history, slo).regressions).toEqual([]);
    const alone = compareWithBaseline(entry("now", { "inference.p95_ms": 999 }, { ...machine, engine: "podman 5 rootful" }), history, slo);
    expect(alone.rows).toEqual([{ id: "inference.p95_ms", value: 999, baseline: null, runsInBaseline: 0, worseBy: null, regressed: false }]);
  });

  it("treats a drop of a higher-is-better figure as the regression and does not compare figures of unknown direction", () => {
    const comparison = compareWithBaseline(entry("now", { "build.source_change_speedup": 5, "crawler.documents": 10 }), [...history, entry("r5", { "crawler.documents": 100 })], slo);
    expect(comparison.regressions.map((row) => row.id)).toEqual(["build.source_change_speedup"]);
    expect(comparison.rows.find((row) => row.id === "crawler.documents")).toMatchObject({ worseBy: null, regressed: false });
  });
});

describe("baseline figures and history", () => {
  it("takes the worst measured value per metric (by its direction); a not-run part removes it", () => {
    expect(
      figuresFromRecords([
        { id: "a_ms", status: "measured", value: 2, recordedAt: "t" },
        { id: "a_ms", status: "measured", value: 1, recordedAt: "t" },
        { id: "b_ms", status: "measured", value: 3, recordedAt: "t" },
        { id: "b_ms", status: "not-run", reason: "x", recordedAt: "t" },
        { id: "b_ms", status: "measured", value: 4, recordedAt: "t" },
        { id: "c_per_sec", status: "measured", value: 9, recordedAt: "t" },
        { id: "c_per_sec", status: "measured", value: 7, recordedAt: "t" },
        { id: "c_per_sec", status: "measured", value: 8, recordedAt: "t" },
      ]),
    ).toEqual({ a_ms: 2, c_per_sec: 7 });
    expect(figureDirection("startup.success_ratio")).toBe(">=");
    expect(figureDirection("telemetry.memory_peak_bytes")).toBe("<=");
    expect(figureDirection("load.throughput_per_sec")).toBe(">=");
  });

  it("rejects a corrupt history line with its line number", () => {
    expect(() => parseBaselineHistory(`${JSON.stringify(entry("r", { x: 1 }))}\n{"runId":1}\n`, "h.jsonl")).toThrow(/h\.jsonl:2/);
  });

  it("records a run from its metrics file after comparing it with the earlier runs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "baseline-"));
    try {
      const metricsFile = join(dir, "metrics.jsonl");
      const historyFile = join(dir, "history", "baselines.jsonl");
      const run = async (runId: string, p95: number) => {
        await writeFile(metricsFile, `${JSON.stringify({ id: "inference.p95_ms", status: "measured", value: p95, recordedAt: "t" })}\n`);
        return recordRunBaseline({ runId, metricsFile, historyFile, machine, slo });
      };
      await run("a", 100);
      await run("b", 104);
      const slow = await run("c", 200);
      expect(slow.comparison.baselineRunIds).toEqual(["a", "b"]);
      expect(slow.comparison.regressions).toMatchObject([{ id: "inference.p95_ms", value: 200, baseline: 102 }]);
      expect((await readBaselineHistory(historyFile)).map((e) => e.runId)).toEqual(["a", "b", "c"]);
      expect((await readFile(historyFile, "utf8")).trim().split("\n")).toHaveLength(3);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

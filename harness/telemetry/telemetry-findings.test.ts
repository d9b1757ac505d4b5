import { describe, expect, it } from "vitest";
import { findTelemetryFindings, summarizeTelemetry } from "./findings.ts";
import { syntheticSeries, t0 } from "./telemetry-fixtures.ts";
import { recordTelemetryMetrics } from "./telemetry-metrics.ts";

const slo = { tmpfsUsedRatioMax: 0.8, memoryUsedRatioMax: 0.9, unexpectedRestarts: 0 };

describe("findTelemetryFindings", () => {
  it("reports a tmpfs filling past the threshold once per episode, at the time it crossed, with its peak", () => {
    const series = syntheticSeries(8, [{ service: "crawler", tmpfs: [0.1, 0.5, 0.79, 0.85, 0.95, 0.9, 0.2, 0.81] }]);
    const findings = findTelemetryFindings(series, slo);
    expect(findings).toHaveLength(2);
    expect(findings[0]).toMatchObject({ service: "crawler", mount: "/cache", metric: "tmpfs_used_ratio", value: 0.95, threshold: 0.8, atMs: t0 + 3000, time: "2026-01-01T00:00:03.000Z" });
    expect(findings[0]!.message).toMatch(/\/cache of crawler above 80.0 % from t\+3.0 s for 2.0 s, peak 95.0 % \(30.4 MiB of 32.0 MiB\)/);
    expect(findings[1]).toMatchObject({ atMs: t0 + 7000, value: 0.81 });
  });

  it("passes a tmpfs at the threshold and ignores gaps", () => {
    const series = syntheticSeries(4, [{ service: "api", tmpfs: [0.8, null, 0.8, 0.3] }]);
    expect(findTelemetryFindings(series, slo)).toEqual([]);
    expect(summarizeTelemetry(series)).toMatchObject({ tmpfsUsedRatioMax: 0.8, gaps: 1, ticks: 4 });
  });

  it("judges memory only against an enforced limit", () => {
    const enforced = syntheticSeries(3, [{ service: "inference", memoryMiB: [50, 95, 60] }]);
    expect(findTelemetryFindings(enforced, slo)).toMatchObject([{ service: "inference", metric: "memory_used_ratio", value: 0.95, atMs: t0 + 1000 }]);
    const ignored = syntheticSeries(3, [{ service: "inference", memoryMiB: [50, 95, 60], limitEnforced: false }]);
    expect(findTelemetryFindings(ignored, slo)).toEqual([]);
    expect(summarizeTelemetry(ignored).memoryUsedRatioMax).toBeNull();
  });

  it("expects a restart inside a marked fault window and flags one outside, at the container's start time", () => {
    // redis restarts at t+2.5 s (inside the window), api at t+6.5 s (outside it and its 2 s grace)
    const series = syntheticSeries(
      8,
      [
        { service: "redis", startedAtS: [-60, -60, -60, 2.5, 2.5, 2.5, 2.5, 2.5] },
        { service: "api", startedAtS: [-60, -60, -60, -60, -60, -60, -60, 6.5] },
      ],
      [{ label: "kill redis", startMs: t0 + 2000, endMs: t0 + 4000 }],
    );
    const summary = summarizeTelemetry(series);
    expect(summary).toMatchObject({ unexpectedRestarts: 1, expectedRestarts: 1 });
    expect(summary.restarts).toEqual([
      { service: "redis", atMs: t0 + 2500, count: 1, expected: true, fault: "kill redis" },
      { service: "api", atMs: t0 + 6500, count: 1, expected: false },
    ]);
    const findings = findTelemetryFindings(series, slo);
    expect(findings).toMatchObject([{ service: "api", metric: "unexpected_restarts", value: 1, threshold: 0, time: "2026-01-01T00:00:06.500Z" }]);
    expect(findTelemetryFindings(series, { ...slo, unexpectedRestarts: 1 })).toEqual([]);
  });

  it("expects a restart a restart policy makes just after the fault window (two ticks of grace), not later", () => {
    const window = [{ label: "crash redis", startMs: t0 + 1000, endMs: t0 + 2000 }];
    const late = (s: number) => summarizeTelemetry(syntheticSeries(8, [{ service: "redis", startedAtS: [-60, -60, -60, -60, -60, -60, -60, -60].map((v, i) => (i >= Math.ceil(s) ? s : v)) }], window)).restarts;
    expect(late(3.5)).toMatchObject([{ expected: true, fault: "crash redis" }]);
    expect(late(4.5)).toMatchObject([{ expected: false }]);
  });

  it("sees a restart across a gap (the container was gone for a tick)", () => {
    const series = syntheticSeries(4, [{ service: "api", tmpfs: [0.1, null, 0.1, 0.1], startedAtS: [-60, -60, 1.5, 1.5] }]);
    expect(summarizeTelemetry(series).restarts).toMatchObject([{ service: "api", atMs: t0 + 1500, expected: false }]);
  });
});

describe("recordTelemetryMetrics", () => {
  it("records the maxima and says why memory could not be judged", async () => {
    const calls: unknown[] = [];
    const sink = { record: async (id: string, value: number) => void calls.push({ id, value }), notRun: async (id: string, reason: string) => void calls.push({ id, reason }) };
    await recordTelemetryMetrics(sink, summarizeTelemetry(syntheticSeries(2, [{ service: "crawler", tmpfs: [0.2, 0.4], memoryMiB: [30, 42.25], limitEnforced: false }])));
    expect(calls).toEqual([
      { id: "telemetry.tmpfs_used_ratio_max", value: 0.4 },
      { id: "telemetry.memory_used_ratio_max", reason: expect.stringMatching(/no container has an enforced memory limit/) },
      { id: "telemetry.unexpected_restarts", value: 0 },
      { id: "telemetry.memory_peak_mib.crawler", value: 42.3 },
    ]);
  });
});

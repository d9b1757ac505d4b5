import { describe, expect, it } from "vitest";
import { isSteadyLoadReport, steadyLoadLatency, type LoadRecord } from "./steady-load.ts";

const t0 = Date.parse("2026-01-01T00:00:00.000Z");

describe("steadyLoadLatency", () => {
  it("puts answered requests into per-second percentiles and everything else into errors", () => {
    const records: LoadRecord[] = [
      { sentAtMs: t0 + 100, endedAtMs: t0 + 150, status: 200, timedOut: false },
      { sentAtMs: t0 + 600, endedAtMs: t0 + 700, status: 200, timedOut: false },
      { sentAtMs: t0 + 1_100, endedAtMs: t0 + 1_105, status: 503, errorCode: "circuit_open", timedOut: false },
      { sentAtMs: t0 + 1_500, endedAtMs: t0 + 4_500, timedOut: true, error: "no answer within 3000 ms" },
      { sentAtMs: t0 + 2_200, endedAtMs: t0 + 2_210, error: "ECONNREFUSED", timedOut: false },
    ];
    const windows = steadyLoadLatency(records);
    expect(windows[0]).toMatchObject({ startMs: t0, count: 2, errors: 0 });
    expect(windows[0]!.p95Ms).toBeCloseTo(100, 0);
    expect(windows[1]).toMatchObject({ startMs: t0 + 1_000, count: 0, errors: 2, p95Ms: null });
    expect(windows[2]).toMatchObject({ startMs: t0 + 2_000, count: 0, errors: 1 });
  });

  it("recognises a steady load's report in a journal", () => {
    expect(isSteadyLoadReport({ url: "x", records: [] })).toBe(true);
    expect(isSteadyLoadReport("started")).toBe(false);
    expect(isSteadyLoadReport({ error: "boom" })).toBe(false);
  });
});

import { describe, expect, it } from "vitest";
import { LatencyRecorder } from "./latency-recorder.ts";

describe("LatencyRecorder", () => {
  it("reports percentiles of every recorded response in ms from µs input", () => {
    const recorder = new LatencyRecorder({ originMs: 0 });
    for (let ms = 1; ms <= 100; ms += 1) recorder.recordSuccess(ms * 1000, 10);
    const summary = recorder.summary();
    expect(summary.count).toBe(100);
    expect(summary.p50Ms).toBeCloseTo(50, 0);
    expect(summary.p95Ms).toBeCloseTo(95, 0);
    expect(summary.p99Ms).toBeCloseTo(99, 0);
    expect(summary.maxMs).toBeCloseTo(100, 0);
    expect(summary.minMs).toBeCloseTo(1, 1);
    expect(summary.meanMs).toBeCloseTo(50.5, 0);
    expect(recorder.percentileMs(95)).toBeCloseTo(95, 0);
  });

  it("keeps errors out of the latency histogram and counts them by kind", () => {
    const recorder = new LatencyRecorder();
    recorder.recordSuccess(20_000, 0);
    recorder.recordError({ kind: "status", status: 503 }, 0, 900);
    recorder.recordError({ kind: "status", status: 503 }, 0, 1_100);
    recorder.recordError({ kind: "status", status: 500 }, 0);
    recorder.recordError({ kind: "timeout" }, 0);
    recorder.recordError({ kind: "connection", code: "ECONNREFUSED" }, 0);
    recorder.recordError({ kind: "dropped" }, 0);
    expect(recorder.summary()).toMatchObject({ count: 1, p99Ms: expect.closeTo(20, 1), maxMs: expect.closeTo(20, 1) });
    expect(recorder.errors()).toEqual({
      total: 6,
      timeout: 1,
      connection: 1,
      dropped: 1,
      byStatus: { "500": 1, "503": 2 },
      byConnectionCode: { ECONNREFUSED: 1 },
    });
    expect(recorder.errorLatencySummary()).toMatchObject({ count: 2, maxMs: expect.closeTo(1.1, 2) });
  });

  it("returns nulls, not zeros, when nothing was recorded", () => {
    const recorder = new LatencyRecorder();
    expect(recorder.summary()).toEqual({ count: 0, minMs: null, meanMs: null, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null });
    expect(recorder.percentileMs(50)).toBeNull();
    expect(recorder.series()).toEqual([]);
    expect(recorder.distribution()).toEqual([]);
  });

  it("buckets requests into contiguous 500 ms windows by send time, gaps included", () => {
    const recorder = new LatencyRecorder({ originMs: 1_000 });
    recorder.recordSuccess(10_000, 1_000);
    recorder.recordSuccess(30_000, 1_499);
    recorder.recordError({ kind: "timeout" }, 1_600);
    recorder.recordSuccess(200_000, 2_700);
    const series = recorder.series();
    expect(series.map((window) => [window.startMs, window.count, window.errors])).toEqual([
      [1_000, 2, 0],
      [1_500, 0, 1],
      [2_000, 0, 0],
      [2_500, 1, 0],
    ]);
    expect(series[0]?.p99Ms).toBeCloseTo(30, 0);
    expect(series[1]?.p50Ms).toBeNull();
    expect(series[3]?.p50Ms).toBeCloseTo(200, -1);
  });

  it("aligns the first window to the window size when no origin is given", () => {
    const recorder = new LatencyRecorder({ windowMs: 250 });
    recorder.recordSuccess(1, 1_130);
    expect(recorder.series()[0]).toMatchObject({ startMs: 1_000, endMs: 1_250 });
  });

  it("spreads successes into ten log buckets per decade", () => {
    const recorder = new LatencyRecorder();
    recorder.recordSuccess(1_000, 0);
    recorder.recordSuccess(1_100, 0);
    recorder.recordSuccess(100_000, 0);
    const buckets = recorder.distribution();
    expect(buckets).toHaveLength(2);
    expect(buckets[0]).toMatchObject({ fromUs: expect.closeTo(1_000, 0), count: 2 });
    expect(buckets[0]?.toUs).toBeCloseTo(1_258.9, 0);
    expect(buckets[1]).toMatchObject({ fromUs: expect.closeTo(100_000, 0), count: 1 });
  });

  it("rejects negative latencies and clamps hangs instead of throwing", () => {
    const recorder = new LatencyRecorder();
    expect(() => recorder.recordSuccess(-1, 0)).toThrow(RangeError);
    recorder.recordSuccess(1e13, 0);
    expect(recorder.summary().maxMs).toBeGreaterThan(3_000_000);
  });
});

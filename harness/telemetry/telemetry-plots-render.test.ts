import { describe, expect, it } from "vitest";
import { svgProblems } from "../plots/svg-well-formed.ts";
import { syntheticSeries, t0 } from "./telemetry-fixtures.ts";
import { gaugeLabel, renderTelemetryPlots } from "./telemetry-plots.ts";

const thresholds = { tmpfsUsedRatioMax: 0.8, memoryUsedRatioMax: 0.9, unexpectedRestarts: 0 };

describe("renderTelemetryPlots", () => {
  it("draws memory, tmpfs, memory ratio and latency with the fault window shaded", () => {
    const series = syntheticSeries(6, [{ service: "crawler", tmpfs: [0.1, 0.3, 0.5, 0.7, 0.9, 0.9], memoryMiB: [10, 20, 30, 40, 50, 60] }], [
      { label: "fill cache", startMs: t0 + 1000, endMs: t0 + 4000 },
    ]);
    const latency = [0, 1, 2, 3, 4].map((i) => ({ startMs: t0 + i * 1000, endMs: t0 + (i + 1) * 1000, count: 5, errors: 0, p50Ms: 40 + i, p95Ms: 60 + i, p99Ms: 80 + i }));
    const plots = renderTelemetryPlots(series, { thresholds, latency, latencyThresholdMs: 300 });
    expect(plots.map((plot) => plot.name)).toEqual(["telemetry-memory", "telemetry-tmpfs", "telemetry-memory-ratio", "telemetry-latency"]);
    for (const plot of plots) {
      expect(svgProblems(plot.svg)).toEqual([]);
      expect(plot.svg).toContain('class="fault-window"');
      expect(plot.svg).toContain("fill cache");
    }
    expect(plots[1]!.svg).toContain('data-series="crawler:/cache"');
    expect(plots[1]!.svg).toContain("tmpfsUsedRatioMax");
  });

  it("does not draw mounts that stay under 1 % and says how many it left out", () => {
    const series = syntheticSeries(3, [{ service: "api", tmpfs: [0, 0.001, 0], limitEnforced: false }, { service: "crawler", tmpfs: [0.1, 0.5, 0.9] }]);
    const tmpfs = renderTelemetryPlots(series, { thresholds })[1]!.svg;
    expect(tmpfs).toContain('data-series="crawler:/cache"');
    expect(tmpfs).not.toContain('data-series="api:/cache"');
    expect(tmpfs).toContain("1 more under 1 % not drawn");
  });

  it("leaves out the memory ratio plot when no limit is enforced", () => {
    const series = syntheticSeries(3, [{ service: "api", tmpfs: [0.1, 0.1, 0.1], limitEnforced: false }]);
    expect(renderTelemetryPlots(series, { thresholds }).map((plot) => plot.name)).toEqual(["telemetry-memory", "telemetry-tmpfs"]);
  });

  it("draws the scraped breaker state and queue gauges, and request rates from the counters (a counter reset is a gap)", () => {
    const series = syntheticSeries(5, [{ service: "api", tmpfs: [0.1, 0.1, 0.1, 0.1, 0.1] }], [{ label: "stop inference", startMs: t0 + 1000, endMs: t0 + 3000 }]);
    const breaker = [0, 2, 2, 1, 0];
    const requests = [10, 20, 40, 5, 15];
    series.ticks.forEach((tick, i) => {
      tick.scrapes = [
        { service: "api", ok: true, values: { 'api_breaker_state{breaker="inference"}': breaker[i]!, 'api_http_requests_total{route="/query",status="200"}': requests[i]!, api_auth_failures_total: 3 } },
        i === 2 ? { service: "inference", ok: false, error: "timeout" } : { service: "inference", ok: true, values: { inference_queue_depth: i } },
      ];
    });
    const plots = renderTelemetryPlots(series, { thresholds });
    const state = plots.find((plot) => plot.name === "telemetry-service-state")!;
    expect(svgProblems(state.svg)).toEqual([]);
    expect(state.svg).toContain('data-series="api breaker inference"');
    expect(state.svg).toContain('data-series="inference queue_depth"');
    expect(state.svg).not.toContain("api_auth_failures_total");
    expect(state.svg).toContain("stop inference");
    const rate = plots.find((plot) => plot.name === "telemetry-request-rate")!;
    expect(rate.svg).toContain('data-series="api req/s"');
    expect(rate.svg).not.toContain("inference req/s");
  });

  it("names scraped gauges briefly for the legend", () => {
    expect(gaugeLabel('api_breaker_state{breaker="redis"}')).toBe("api breaker redis");
    expect(gaugeLabel("inference_slots_busy")).toBe("inference slots_busy");
    expect(gaugeLabel('x_queue_depth{a="1",b="two"}')).toBe("x queue_depth 1 two");
  });
});

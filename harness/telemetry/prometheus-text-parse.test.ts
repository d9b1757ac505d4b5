import { describe, expect, it } from "vitest";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { familyOf, parsePrometheusText, PromParseError, seriesKey } from "./prometheus-text.ts";
import { selectScrapeValues } from "./metrics-probe.ts";

describe("parsePrometheusText", () => {
  it("reads what prom-client writes: counters, gauges, histograms with labels", async () => {
    const registry = new Registry();
    new Counter({ name: "req_total", help: "requests", labelNames: ["route", "status"], registers: [registry] }).inc({ route: "/q", status: "200" }, 3);
    new Gauge({ name: "queue_depth", help: "waiting", registers: [registry] }).set(4);
    new Gauge({ name: "breaker_state", help: "state", labelNames: ["breaker"], registers: [registry] }).set({ breaker: 'in"fer\\ence' }, 2);
    new Histogram({ name: "dur_seconds", help: "d", buckets: [0.1, 1], registers: [registry] }).observe(0.5);
    const parsed = parsePrometheusText(await registry.metrics());
    expect(parsed.types.get("req_total")).toBe("counter");
    expect(parsed.samples).toContainEqual({ name: "req_total", labels: { route: "/q", status: "200" }, value: 3 });
    expect(parsed.samples).toContainEqual({ name: "queue_depth", labels: {}, value: 4 });
    expect(parsed.samples).toContainEqual({ name: "breaker_state", labels: { breaker: 'in"fer\\ence' }, value: 2 });
    expect(parsed.samples).toContainEqual({ name: "dur_seconds_bucket", labels: { le: "+Inf" }, value: 1 });
    expect(familyOf(parsed, "dur_seconds_bucket")).toEqual({ family: "dur_seconds", type: "histogram" });
  });

  it("handles special values, timestamps, escaped newlines and untyped samples", () => {
    const parsed = parsePrometheusText('# HELP x a\nx_gauge{a="l1\\nl2"} +Inf 1700000000000\ny Nan\nz -1.5e3\nw -inf\n');
    expect(parsed.samples[0]).toEqual({ name: "x_gauge", labels: { a: "l1\nl2" }, value: Infinity, timestampMs: 1700000000000 });
    expect(Number.isNaN(parsed.samples[1]!.value)).toBe(true);
    expect(parsed.samples[2]!.value).toBe(-1500);
    expect(parsed.samples[3]!.value).toBe(-Infinity);
    expect(familyOf(parsed, "z").type).toBe("untyped");
  });

  it("rejects malformed lines with the line number", () => {
    expect(() => parsePrometheusText("ok 1\nbad{a=1} 2\n")).toThrow(PromParseError);
    expect(() => parsePrometheusText("ok 1\nbad{a=1} 2\n")).toThrow(/line 2/);
    expect(() => parsePrometheusText("m{a=\"x\"} twelve\n")).toThrow(/not a number/);
    expect(() => parsePrometheusText("m{a=\"x} 1\n")).toThrow(/unterminated/);
    expect(() => parsePrometheusText("# TYPE m gaugey\n")).toThrow(/unknown metric type/);
  });

  it("keys series by name and sorted labels", () => {
    expect(seriesKey("m", { b: "2", a: "1" })).toBe('m{a="1",b="2"}');
    expect(seriesKey("m", {})).toBe("m");
  });
});

describe("selectScrapeValues", () => {
  it("keeps counters and gauges, drops histogram parts and runtime internals but resident memory", () => {
    const parsed = parsePrometheusText(
      [
        "# TYPE api_breaker_state gauge",
        'api_breaker_state{breaker="redis"} 2',
        "# TYPE api_requests_total counter",
        "api_requests_total 7",
        "# TYPE d histogram",
        'd_bucket{le="1"} 1',
        "d_sum 0.5",
        "d_count 1",
        "# TYPE nodejs_heap_size_total_bytes gauge",
        "nodejs_heap_size_total_bytes 100",
        "# TYPE process_resident_memory_bytes gauge",
        "process_resident_memory_bytes 5000",
      ].join("\n"),
    );
    expect(selectScrapeValues(parsed)).toEqual({ 'api_breaker_state{breaker="redis"}': 2, api_requests_total: 7, process_resident_memory_bytes: 5000 });
  });
});

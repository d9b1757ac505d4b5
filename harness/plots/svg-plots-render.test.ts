import { describe, expect, it } from "vitest";
import { bandsFromSegments, renderBreakerTimelineSvg } from "./breaker-timeline-svg.ts";
import { renderLatencyHistogramSvg } from "./latency-histogram-svg.ts";
import { renderPercentilesOverTimeSvg } from "./percentiles-over-time-svg.ts";
import { niceTicks } from "./svg-scale.ts";
import { escapeXml } from "./svg-text.ts";
import { svgProblems } from "./svg-well-formed.ts";
import { renderTimeSeriesSvg } from "./time-series-svg.ts";

const t0 = 1_700_000_000_000;
const fault = { startMs: t0 + 4_000, endMs: t0 + 7_000, label: "kill redis <SIGKILL> & wait" };

function count(svg: string, pattern: RegExp): number {
  return svg.match(new RegExp(pattern.source, "g"))?.length ?? 0;
}

describe("svgProblems", () => {
  it("accepts well-formed markup and flags broken markup", () => {
    expect(svgProblems('<svg a="1"><g><text>a &amp; b</text></g><rect/></svg>')).toEqual([]);
    expect(svgProblems('<svg a="1"><g></svg>')).not.toEqual([]);
    expect(svgProblems('<svg a="1"><text>a & b</text></svg>')).not.toEqual([]);
    expect(svgProblems('<svg a="1"><text>a < b</text></svg>')).not.toEqual([]);
  });
});

describe("helpers", () => {
  it("escapes text and makes round ticks", () => {
    expect(escapeXml(`<a href="x">&'`)).toBe("&lt;a href=&quot;x&quot;&gt;&amp;&apos;");
    expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 0.9, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });
});

describe("renderLatencyHistogramSvg", () => {
  const buckets = [
    { fromUs: 10_000, toUs: 12_589, count: 40 },
    { fromUs: 19_953, toUs: 25_119, count: 300 },
    { fromUs: 501_187, toUs: 630_957, count: 7 },
  ];

  it("draws one bar per bucket on a log axis with decade ticks, markers and a legend", () => {
    const svg = renderLatencyHistogramSvg({ title: "inference <latency>", buckets, markersMs: [{ label: "p95", valueMs: 24 }, { label: "SLO", valueMs: 300 }] });
    expect(svgProblems(svg)).toEqual([]);
    expect(count(svg, /class="bar"/)).toBe(3);
    expect(svg).toContain("inference &lt;latency&gt;");
    for (const label of [">10 ms<", ">100 ms<", ">1 s<"]) expect(svg).toContain(label);
    expect(count(svg, /class="marker"/)).toBe(2);
    expect(svg).toContain("SLO 300 ms");
    expect(svg).toContain('class="legend"');
  });

  it("says no data for empty input", () => {
    const svg = renderLatencyHistogramSvg({ title: "empty", buckets: [] });
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain("no data");
  });
});

describe("renderPercentilesOverTimeSvg", () => {
  const windows = Array.from({ length: 20 }, (_, i) => ({
    startMs: t0 + i * 500,
    endMs: t0 + (i + 1) * 500,
    p50Ms: i === 10 ? null : 20 + i,
    p95Ms: i === 10 ? null : 40 + i * 3,
    p99Ms: i === 10 ? null : 60 + i * 10,
  }));

  it("draws p50/p95/p99 lines, the SLO line and labelled fault windows", () => {
    const svg = renderPercentilesOverTimeSvg({ title: "latency over time", windows, faultWindows: [fault], thresholdMs: 300 });
    expect(svgProblems(svg)).toEqual([]);
    for (const name of ["p50", "p95", "p99"]) expect(svg).toContain(`data-series="${name}"`);
    expect(count(svg, /class="threshold"/)).toBe(1);
    expect(count(svg, /class="fault-window"/)).toBe(1);
    expect(svg).toContain("kill redis &lt;SIGKILL&gt; &amp; wait");
    expect(svg).toContain("time since start (s)");
    // a window without samples breaks the line instead of dropping to zero
    const p50Path = /data-series="p50" d="([^"]*)"/.exec(svg)?.[1] ?? "";
    expect(count(p50Path, /M/)).toBe(2);
  });

  it("handles no windows", () => {
    const svg = renderPercentilesOverTimeSvg({ title: "none", windows: [] });
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain("no data");
  });
});

describe("renderTimeSeriesSvg", () => {
  it("draws several telemetry series with a threshold and axes", () => {
    const points = (scale: number) => Array.from({ length: 30 }, (_, i) => ({ atMs: t0 + i * 1_000, value: scale * (0.3 + i / 60) }));
    const svg = renderTimeSeriesSvg({
      title: "tmpfs usage",
      yLabel: "used / size",
      series: [
        { name: "redis /data", points: points(1) },
        { name: "api /tmp", points: points(0.5) },
      ],
      faultWindows: [fault],
      threshold: { value: 0.8, label: "tmpfsUsedRatioMax 0.8" },
    });
    expect(svgProblems(svg)).toEqual([]);
    expect(count(svg, /class="series-line"/)).toBe(2);
    expect(svg).toContain('class="x-axis"');
    expect(svg).toContain('class="y-axis"');
    expect(svg).toContain("tmpfsUsedRatioMax 0.8");
    expect(svg).toContain(">0.8<");
    expect(svg).toContain("fault injected");
  });

  it("does not throw on empty or all-null series, or a single point", () => {
    for (const series of [[], [{ name: "x", points: [] }], [{ name: "x", points: [{ atMs: t0, value: null }] }]]) {
      const svg = renderTimeSeriesSvg({ title: "empty", yLabel: "y", series });
      expect(svgProblems(svg)).toEqual([]);
      expect(svg).toContain("no data");
    }
    const single = renderTimeSeriesSvg({ title: "one", yLabel: "y", series: [{ name: "x", points: [{ atMs: t0, value: 5 }] }] });
    expect(svgProblems(single)).toEqual([]);
    expect(single).not.toContain("NaN");
  });
});

describe("renderBreakerTimelineSvg", () => {
  const segments = [
    { breaker: "llm", source: "health", state: "closed" as const, firstSeenMs: t0, lastSeenMs: t0 + 3_900 },
    { breaker: "llm", source: "health", state: "open" as const, firstSeenMs: t0 + 4_000, lastSeenMs: t0 + 9_900 },
    { breaker: "llm", source: "health", state: "half-open" as const, firstSeenMs: t0 + 10_000, lastSeenMs: t0 + 10_100 },
    { breaker: "llm", source: "health", state: "closed" as const, firstSeenMs: t0 + 10_200, lastSeenMs: t0 + 15_000 },
    { breaker: "llm", source: "redis", state: "closed" as const, firstSeenMs: t0 + 20, lastSeenMs: t0 + 15_000 },
  ];

  it("draws a lane per breaker and source with state bands, fault windows and a legend", () => {
    const bands = bandsFromSegments(segments);
    expect(bands.filter((band) => band.lane === "llm (health)").map((band) => [band.state, band.endMs - t0])).toEqual([
      ["closed", 4_000],
      ["open", 10_000],
      ["half-open", 10_200],
      ["closed", 15_000],
    ]);
    const svg = renderBreakerTimelineSvg({ title: "breakers", bands, faultWindows: [fault] });
    expect(svgProblems(svg)).toEqual([]);
    expect(count(svg, /class="lane-label"/)).toBe(2);
    expect(count(svg, /class="band band-open"/)).toBe(1);
    expect(count(svg, /class="band band-half-open"/)).toBe(1);
    expect(count(svg, /class="band band-closed"/)).toBe(3);
    for (const label of [">closed<", ">half-open<", ">open<", "fault injected"]) expect(svg).toContain(label);
  });

  it("handles no bands", () => {
    const svg = renderBreakerTimelineSvg({ title: "none", bands: [] });
    expect(svgProblems(svg)).toEqual([]);
    expect(svg).toContain("no data");
  });
});

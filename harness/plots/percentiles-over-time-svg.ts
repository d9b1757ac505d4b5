import type { ChartLayout, FaultWindow } from "./svg-chart.ts";
import { renderTimeSeriesSvg } from "./time-series-svg.ts";

/** Structurally a LatencyRecorder window; plots do not depend on the load module. */
export interface PercentileWindow {
  startMs: number;
  endMs: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface PercentilesOverTimeChart {
  title: string;
  windows: readonly PercentileWindow[];
  faultWindows?: readonly FaultWindow[];
  /** The SLO line, e.g. inferenceP95Ms. */
  thresholdMs?: number;
  layout?: ChartLayout;
}

export function renderPercentilesOverTimeSvg(chart: PercentilesOverTimeChart): string {
  const at = (window: PercentileWindow): number => (window.startMs + window.endMs) / 2;
  const series = (["p50Ms", "p95Ms", "p99Ms"] as const).map((key, index) => ({
    name: key.replace("Ms", ""),
    color: ["#2ca02c", "#ff7f0e", "#d62728"][index],
    points: chart.windows.map((window) => ({ atMs: at(window), value: window[key] })),
  }));
  const first = chart.windows[0];
  const last = chart.windows.at(-1);
  return renderTimeSeriesSvg({
    title: chart.title,
    yLabel: "latency (ms)",
    series,
    ...(chart.faultWindows === undefined ? {} : { faultWindows: chart.faultWindows }),
    ...(chart.thresholdMs === undefined ? {} : { threshold: { value: chart.thresholdMs, label: `SLO ${chart.thresholdMs} ms` } }),
    ...(first === undefined ? {} : { startMs: first.startMs }),
    ...(last === undefined ? {} : { endMs: last.endMs }),
    ...(chart.layout === undefined ? {} : { layout: chart.layout }),
  });
}

import {
  defaultLayout,
  faultColor,
  faultWindowShading,
  legend,
  noDataMessage,
  palette,
  plotArea,
  svgDocument,
  timeScale,
  xAxis,
  yAxis,
  type ChartLayout,
  type FaultWindow,
  type LegendEntry,
} from "./svg-chart.ts";
import { extent, linearScale, niceTicks, type Scale } from "./svg-scale.ts";
import { escapeXml, num } from "./svg-text.ts";

export interface TimePoint {
  atMs: number;
  /** null leaves a gap: no sample, not zero. */
  value: number | null;
}

export interface NamedSeries {
  name: string;
  points: readonly TimePoint[];
  color?: string;
}

export interface TimeSeriesChart {
  title: string;
  yLabel: string;
  series: readonly NamedSeries[];
  faultWindows?: readonly FaultWindow[];
  threshold?: { value: number; label: string };
  /** The time axis; by default the extent of points and fault windows. */
  startMs?: number;
  endMs?: number;
  /** Lowest y shown; 0 by default so usage and latency are not exaggerated. */
  yMin?: number;
  layout?: ChartLayout;
}

function linePath(points: readonly TimePoint[], x: Scale, y: Scale): string {
  let path = "";
  let penDown = false;
  for (const point of [...points].sort((a, b) => a.atMs - b.atMs)) {
    if (point.value === null || !Number.isFinite(point.value)) {
      penDown = false;
      continue;
    }
    path += `${penDown ? "L" : "M"}${num(x(point.atMs))} ${num(y(point.value))} `;
    penDown = true;
  }
  return path.trim();
}

export function renderTimeSeriesSvg(chart: TimeSeriesChart): string {
  const layout = chart.layout ?? defaultLayout;
  const faults = chart.faultWindows ?? [];
  const samples = chart.series.flatMap((series) => series.points).filter((point) => point.value !== null && Number.isFinite(point.value));
  const times = [...samples.map((point) => point.atMs), ...faults.flatMap((window) => [window.startMs, window.endMs])];
  const [startMs, endMs] = [chart.startMs ?? Math.min(...times, Infinity), chart.endMs ?? Math.max(...times, -Infinity)];
  if (samples.length === 0 || !Number.isFinite(startMs) || !Number.isFinite(endMs)) {
    return svgDocument(layout, chart.title, [noDataMessage(layout)]);
  }
  const area = plotArea(layout);
  const time = timeScale(layout, startMs, endMs > startMs ? endMs : startMs + 1_000);
  const [low, high] = extent(
    samples.map((point) => point.value as number),
    [chart.yMin ?? 0, ...(chart.threshold === undefined ? [] : [chart.threshold.value])],
  );
  const yTicks = niceTicks(low, high * 1.05, 5);
  const y = linearScale([low, Math.max(high * 1.05, yTicks.at(-1) ?? high)], [area.y0, area.y1]);
  const entries: LegendEntry[] = [];
  const body: string[] = [faultWindowShading(layout, time.scale, faults)];
  body.push(`<g class="series">`);
  chart.series.forEach((series, index) => {
    const color = series.color ?? palette[index % palette.length] ?? "#000";
    entries.push({ label: series.name, color, kind: "line" });
    body.push(
      `<path class="series-line" data-series="${escapeXml(series.name)}" d="${linePath(series.points, time.scale, y)}" fill="none" stroke="${color}" stroke-width="1.8"/>`,
    );
  });
  body.push(`</g>`);
  if (chart.threshold !== undefined) {
    const ty = num(y(chart.threshold.value));
    entries.push({ label: chart.threshold.label, color: "#555", kind: "dashed" });
    body.push(
      `<line class="threshold" x1="${num(area.x0)}" y1="${ty}" x2="${num(area.x1)}" y2="${ty}" stroke="#555" stroke-dasharray="5 3"/>`,
    );
  }
  if (faults.length > 0) entries.push({ label: "fault injected", color: faultColor, kind: "box" });
  body.push(
    xAxis(layout, time.scale, { label: "time since start (s)", ticks: time.ticks, format: time.format }),
    yAxis(layout, y, { label: chart.yLabel, ticks: yTicks }),
    legend(layout, entries),
  );
  return svgDocument(layout, chart.title, body);
}

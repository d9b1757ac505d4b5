import { defaultLayout, legend, noDataMessage, plotArea, svgDocument, xAxis, yAxis, type ChartLayout } from "./svg-chart.ts";
import { linearScale, logScale, niceTicks } from "./svg-scale.ts";
import { escapeXml, formatDurationUs, num } from "./svg-text.ts";

/** Structurally LatencyRecorder.distribution(): log-spaced buckets in microseconds. */
export interface LatencyHistogramBucket {
  fromUs: number;
  toUs: number;
  count: number;
}

export interface LatencyHistogramChart {
  title: string;
  buckets: readonly LatencyHistogramBucket[];
  /** Vertical markers such as p50/p95/p99 or the SLO, in ms. */
  markersMs?: ReadonlyArray<{ label: string; valueMs: number }>;
  layout?: ChartLayout;
}

const markerColors: readonly string[] = Object.freeze(["#2ca02c", "#ff7f0e", "#d62728", "#555"]);

export function renderLatencyHistogramSvg(chart: LatencyHistogramChart): string {
  const layout = chart.layout ?? defaultLayout;
  const buckets = chart.buckets.filter((bucket) => bucket.count > 0 && bucket.fromUs > 0 && bucket.toUs > bucket.fromUs);
  if (buckets.length === 0) return svgDocument(layout, chart.title, [noDataMessage(layout)]);
  const area = plotArea(layout);
  const markersUs = (chart.markersMs ?? []).map((marker) => marker.valueMs * 1000).filter((us) => us > 0);
  const lowUs = 10 ** Math.floor(Math.log10(Math.min(...buckets.map((bucket) => bucket.fromUs), ...markersUs)));
  const highUs = 10 ** Math.ceil(Math.log10(Math.max(...buckets.map((bucket) => bucket.toUs), ...markersUs)));
  const x = logScale([lowUs, highUs === lowUs ? lowUs * 10 : highUs], [area.x0, area.x1]);
  const maxCount = Math.max(...buckets.map((bucket) => bucket.count));
  const yTicks = niceTicks(0, maxCount, 5);
  const y = linearScale([0, Math.max(maxCount, yTicks.at(-1) ?? maxCount)], [area.y0, area.y1]);
  const decades: number[] = [];
  for (let us = lowUs; us <= highUs; us *= 10) decades.push(us);

  const bars = buckets.map((bucket) => {
    const left = x(bucket.fromUs);
    const top = y(bucket.count);
    const label = `${formatDurationUs(bucket.fromUs)} - ${formatDurationUs(bucket.toUs)}: ${bucket.count}`;
    return `<rect class="bar" x="${num(left)}" y="${num(top)}" width="${num(Math.max(1, x(bucket.toUs) - left - 1))}" height="${num(area.y0 - top)}" fill="#1f77b4"><title>${escapeXml(label)}</title></rect>`;
  });
  const markers = (chart.markersMs ?? []).map((marker, index) => {
    const mx = num(x(marker.valueMs * 1000));
    const color = markerColors[index % markerColors.length] ?? "#555";
    return `<line class="marker" x1="${mx}" y1="${num(area.y0)}" x2="${mx}" y2="${num(area.y1)}" stroke="${color}" stroke-dasharray="4 3"/>`;
  });
  return svgDocument(layout, chart.title, [
    `<g class="bars">`,
    ...bars,
    `</g>`,
    ...markers,
    xAxis(layout, x, { label: "latency (log scale)", ticks: decades, format: formatDurationUs }),
    yAxis(layout, y, { label: "responses", ticks: yTicks }),
    legend(layout, [
      { label: "responses per bucket", color: "#1f77b4", kind: "box" },
      ...(chart.markersMs ?? []).map((marker, index) => ({
        label: `${marker.label} ${num(marker.valueMs)} ms`,
        color: markerColors[index % markerColors.length] ?? "#555",
        kind: "dashed" as const,
      })),
    ]),
  ]);
}

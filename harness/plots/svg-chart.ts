import { linearScale, niceTicks, type Scale } from "./svg-scale.ts";
import { escapeXml, formatTick, num } from "./svg-text.ts";

export interface FaultWindow {
  startMs: number;
  endMs: number;
  label: string;
}

export interface ChartLayout {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export const defaultLayout: ChartLayout = { width: 820, height: 340, left: 68, right: 170, top: 40, bottom: 48 };

/** Purple, so a fault window is never mistaken for a red "open" band or a p99 line. */
export const faultColor = "#7b3fb5";

export const palette: readonly string[] = Object.freeze(["#1f77b4", "#ff7f0e", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf"]);

export function plotArea(layout: ChartLayout): { x0: number; x1: number; y0: number; y1: number } {
  return { x0: layout.left, x1: layout.width - layout.right, y0: layout.height - layout.bottom, y1: layout.top };
}

export function svgDocument(layout: ChartLayout, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="sans-serif" font-size="11">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${layout.width}" height="${layout.height}" fill="#ffffff"/>`,
    `<text class="chart-title" x="${num(layout.width / 2)}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
    ...body,
    "</svg>",
  ].join("\n");
}

export function noDataMessage(layout: ChartLayout): string {
  const area = plotArea(layout);
  return `<text class="no-data" x="${num((area.x0 + area.x1) / 2)}" y="${num((area.y0 + area.y1) / 2)}" text-anchor="middle" fill="#666">no data</text>`;
}

export interface AxisOptions {
  label: string;
  ticks: readonly number[];
  format?: (value: number) => string;
}

export function xAxis(layout: ChartLayout, scale: Scale, options: AxisOptions): string {
  const { x0, x1, y0 } = plotArea(layout);
  const format = options.format ?? formatTick;
  const ticks = options.ticks.map((tick) => {
    const x = num(scale(tick));
    return `<line x1="${x}" y1="${num(y0)}" x2="${x}" y2="${num(y0 + 5)}" stroke="#333"/><text x="${x}" y="${num(y0 + 17)}" text-anchor="middle">${escapeXml(format(tick))}</text>`;
  });
  return [
    `<g class="x-axis">`,
    `<line x1="${num(x0)}" y1="${num(y0)}" x2="${num(x1)}" y2="${num(y0)}" stroke="#333"/>`,
    ...ticks,
    `<text class="axis-label" x="${num((x0 + x1) / 2)}" y="${num(layout.height - 8)}" text-anchor="middle">${escapeXml(options.label)}</text>`,
    `</g>`,
  ].join("\n");
}

export function yAxis(layout: ChartLayout, scale: Scale, options: AxisOptions): string {
  const { x0, x1, y0, y1 } = plotArea(layout);
  const format = options.format ?? formatTick;
  const ticks = options.ticks.map((tick) => {
    const y = num(scale(tick));
    return `<line x1="${num(x0 - 5)}" y1="${y}" x2="${num(x0)}" y2="${y}" stroke="#333"/><line x1="${num(x0)}" y1="${y}" x2="${num(x1)}" y2="${y}" stroke="#eee"/><text x="${num(x0 - 8)}" y="${y}" text-anchor="end" dominant-baseline="middle">${escapeXml(format(tick))}</text>`;
  });
  const midY = num((y0 + y1) / 2);
  return [
    `<g class="y-axis">`,
    `<line x1="${num(x0)}" y1="${num(y0)}" x2="${num(x0)}" y2="${num(y1)}" stroke="#333"/>`,
    ...ticks,
    `<text class="axis-label" x="14" y="${midY}" text-anchor="middle" transform="rotate(-90 14 ${midY})">${escapeXml(options.label)}</text>`,
    `</g>`,
  ].join("\n");
}

export interface LegendEntry {
  label: string;
  color: string;
  kind: "line" | "box" | "dashed";
}

export function legend(layout: ChartLayout, entries: readonly LegendEntry[]): string {
  const x = layout.width - layout.right + 14;
  const rows = entries.map((entry, index) => {
    const y = layout.top + 6 + index * 18;
    const swatch =
      entry.kind === "box"
        ? `<rect x="${x}" y="${y - 6}" width="16" height="12" fill="${entry.color}" fill-opacity="0.5" stroke="${entry.color}"/>`
        : `<line x1="${x}" y1="${y}" x2="${x + 16}" y2="${y}" stroke="${entry.color}" stroke-width="2"${entry.kind === "dashed" ? ' stroke-dasharray="5 3"' : ""}/>`;
    return `${swatch}<text x="${x + 22}" y="${y}" dominant-baseline="middle">${escapeXml(entry.label)}</text>`;
  });
  return [`<g class="legend">`, ...rows, `</g>`].join("\n");
}

/** Time axis in seconds from the chart's start, so runs on different days read the same. */
export function timeScale(layout: ChartLayout, startMs: number, endMs: number): { scale: Scale; ticks: number[]; format: (ms: number) => string } {
  const { x0, x1 } = plotArea(layout);
  const scale = linearScale([startMs, endMs], [x0, x1]);
  const ticks = niceTicks(0, (endMs - startMs) / 1000, 8).map((seconds) => startMs + seconds * 1000);
  return { scale, ticks, format: (ms) => formatTick((ms - startMs) / 1000) };
}

export function faultWindowShading(layout: ChartLayout, x: Scale, windows: readonly FaultWindow[]): string {
  const { x0, x1, y0, y1 } = plotArea(layout);
  const shapes = windows.map((window) => {
    const left = Math.max(x0, Math.min(x1, x(window.startMs)));
    const right = Math.max(left, Math.min(x1, x(window.endMs)));
    return `<rect class="fault-window" x="${num(left)}" y="${num(y1)}" width="${num(right - left)}" height="${num(y0 - y1)}" fill="${faultColor}" fill-opacity="0.14"/><text class="fault-label" x="${num(left + 2)}" y="${num(y1 - 4)}" fill="${faultColor}">${escapeXml(window.label)}</text>`;
  });
  return [`<g class="fault-windows">`, ...shapes, `</g>`].join("\n");
}

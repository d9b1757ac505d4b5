import { defaultLayout, faultColor, faultWindowShading, legend, noDataMessage, plotArea, svgDocument, timeScale, xAxis, type ChartLayout, type FaultWindow } from "./svg-chart.ts";
import { escapeXml, num } from "./svg-text.ts";

export type BreakerBandState = "closed" | "half-open" | "open";

export interface BreakerBand {
  /** Row label, e.g. "llm (health)". */
  lane: string;
  state: BreakerBandState;
  startMs: number;
  endMs: number;
}

/** Structurally the checkers' BreakerSegment. */
export interface ObservedSegment {
  breaker: string;
  source: string;
  state: BreakerBandState;
  firstSeenMs: number;
  lastSeenMs: number;
}

export interface BreakerTimelineChart {
  title: string;
  bands: readonly BreakerBand[];
  faultWindows?: readonly FaultWindow[];
  startMs?: number;
  endMs?: number;
  layout?: ChartLayout;
}

const stateColors: Readonly<Record<BreakerBandState, string>> = Object.freeze({ closed: "#2ca02c", "half-open": "#f0b400", open: "#d62728" });

/** One lane per breaker and source; each state lasts until the next one is first seen. */
export function bandsFromSegments(segments: readonly ObservedSegment[]): BreakerBand[] {
  const lanes = new Map<string, ObservedSegment[]>();
  for (const segment of segments) {
    const lane = `${segment.breaker} (${segment.source})`;
    lanes.set(lane, [...(lanes.get(lane) ?? []), segment]);
  }
  return [...lanes.entries()].flatMap(([lane, laneSegments]) => {
    const sorted = [...laneSegments].sort((a, b) => a.firstSeenMs - b.firstSeenMs);
    return sorted.map((segment, index) => ({
      lane,
      state: segment.state,
      startMs: segment.firstSeenMs,
      endMs: sorted[index + 1]?.firstSeenMs ?? segment.lastSeenMs,
    }));
  });
}

export function renderBreakerTimelineSvg(chart: BreakerTimelineChart): string {
  const lanes = [...new Set(chart.bands.map((band) => band.lane))];
  const laneHeight = 26;
  const base = chart.layout ?? defaultLayout;
  const longestLabel = Math.max(0, ...lanes.map((lane) => lane.length));
  const layout: ChartLayout = {
    ...base,
    left: Math.max(base.left, Math.ceil(longestLabel * 6.5) + 14),
    height: Math.max(base.top + base.bottom + lanes.length * laneHeight + 10, 160),
  };
  if (chart.bands.length === 0) return svgDocument(layout, chart.title, [noDataMessage(layout)]);
  const faults = chart.faultWindows ?? [];
  const startMs = chart.startMs ?? Math.min(...chart.bands.map((band) => band.startMs), ...faults.map((window) => window.startMs));
  const endMs = chart.endMs ?? Math.max(...chart.bands.map((band) => band.endMs), ...faults.map((window) => window.endMs));
  const time = timeScale(layout, startMs, endMs > startMs ? endMs : startMs + 1_000);
  const area = plotArea(layout);
  const rows = lanes.map((lane, index) => {
    const top = area.y1 + 6 + index * laneHeight;
    const rects = chart.bands
      .filter((band) => band.lane === lane)
      .map((band) => {
        const left = time.scale(band.startMs);
        const width = Math.max(1, time.scale(band.endMs) - left);
        return `<rect class="band band-${band.state}" x="${num(left)}" y="${num(top)}" width="${num(width)}" height="${laneHeight - 8}" fill="${stateColors[band.state]}"><title>${escapeXml(`${lane}: ${band.state}`)}</title></rect>`;
      });
    return [`<text class="lane-label" x="${num(area.x0 - 6)}" y="${num(top + (laneHeight - 8) / 2)}" text-anchor="end" dominant-baseline="middle">${escapeXml(lane)}</text>`, ...rects].join("\n");
  });
  return svgDocument(layout, chart.title, [
    `<g class="lanes">`,
    ...rows,
    `</g>`,
    faultWindowShading(layout, time.scale, faults),
    xAxis(layout, time.scale, { label: "time since start (s)", ticks: time.ticks, format: time.format }),
    legend(layout, [
      { label: "closed", color: stateColors.closed, kind: "box" },
      { label: "half-open", color: stateColors["half-open"], kind: "box" },
      { label: "open", color: stateColors.open, kind: "box" },
      ...(faults.length > 0 ? [{ label: "fault injected", color: faultColor, kind: "box" as const }] : []),
    ]),
  ]);
}

// Time-series plots of a telemetry series with its fault windows shaded, so a reader sees what a
// fault did to memory, tmpfs and latency on one time axis.
import type { LatencyWindow } from "../load/latency-recorder.ts";
import { renderTimeSeriesSvg, type NamedSeries, type TimePoint } from "../plots/time-series-svg.ts";
import type { TelemetryThresholds } from "./findings.ts";
import type { TelemetrySeries } from "./telemetry-series.ts";

export interface TelemetryPlot {
  name: string;
  title: string;
  svg: string;
}

const mib = 1024 * 1024;

function servicePoints(series: TelemetrySeries, service: string, value: (sample: Extract<TelemetrySeries["ticks"][number]["services"][number], { ok: true }>) => number | null): TimePoint[] {
  return series.ticks.map((tick) => {
    const sample = tick.services.find((candidate) => candidate.service === service);
    return { atMs: tick.atMs, value: sample?.ok ? value(sample) : null };
  });
}

function memorySeries(series: TelemetrySeries): NamedSeries[] {
  const lines: NamedSeries[] = series.services.map((service) => ({
    name: service,
    points: servicePoints(series, service, (sample) => (sample.memoryBytes === null ? null : sample.memoryBytes / mib)),
  }));
  if (series.ticks.some((tick) => tick.redis !== undefined)) {
    lines.push({
      name: "redis used_memory",
      points: series.ticks.map((tick) => ({ atMs: tick.atMs, value: tick.redis?.ok ? tick.redis.usedMemoryBytes / mib : null })),
    });
  }
  return lines;
}

/** Mounts that never reach this fill only crowd the legend (read-only containers get several empty ones). */
const tmpfsShownFromRatio = 0.01;

function tmpfsSeries(series: TelemetrySeries): { shown: NamedSeries[]; hidden: number } {
  const mounts = new Map<string, { service: string; mount: string }>();
  for (const tick of series.ticks) {
    for (const sample of tick.services) {
      if (!sample.ok) continue;
      for (const usage of sample.tmpfs ?? []) mounts.set(`${sample.service}:${usage.mount}`, { service: sample.service, mount: usage.mount });
    }
  }
  const all = [...mounts.entries()].map(([name, { service, mount }]) => ({
    name,
    points: servicePoints(series, service, (sample) => {
      const usage = sample.tmpfs?.find((candidate) => candidate.mount === mount);
      return usage === undefined ? null : usage.usedRatio * 100;
    }),
  }));
  const shown = all.filter((line) => line.points.some((point) => point.value !== null && point.value >= tmpfsShownFromRatio * 100));
  return { shown, hidden: all.length - shown.length };
}

function memoryRatioSeries(series: TelemetrySeries): NamedSeries[] {
  return series.services
    .map((service) => ({
      name: service,
      points: servicePoints(series, service, (sample) =>
        sample.memoryBytes === null || sample.memoryLimitBytes === null ? null : (sample.memoryBytes / sample.memoryLimitBytes) * 100,
      ),
    }))
    .filter((line) => line.points.some((point) => point.value !== null));
}

// Gauges that tell what a fault did inside a service, by the suffix of their family name (the
// reference stack's api_breaker_state, inference_queue_depth, inference_slots_busy; any stack's alike).
const stateGaugeSuffixes = ["_breaker_state", "_queue_depth", "_slots_busy"];
const requestCounterSuffix = "_http_requests_total";

function scrapedNames(series: TelemetrySeries): Set<string> {
  const keys = new Set<string>();
  for (const tick of series.ticks) for (const scrape of tick.scrapes) if (scrape.ok) for (const key of Object.keys(scrape.values)) keys.add(`${scrape.service}\u0000${key}`);
  return keys;
}

function scrapedValue(tick: TelemetrySeries["ticks"][number], service: string, key: string): number | null {
  const scrape = tick.scrapes.find((candidate) => candidate.service === service);
  return scrape?.ok ? (scrape.values[key] ?? null) : null;
}

/** A legend-sized name: `api_breaker_state{breaker="redis"}` -> `api breaker redis`. */
export function gaugeLabel(key: string): string {
  const brace = key.indexOf("{");
  const family = brace < 0 ? key : key.slice(0, brace);
  const labels = brace < 0 ? [] : [...key.slice(brace).matchAll(/="((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]!);
  const [service, ...rest] = family.replace(/_state$/, "").split("_");
  return [service, rest.join("_"), ...labels].filter(Boolean).join(" ");
}

/** Breaker states and queue gauges, one line per scraped series. */
function stateGaugeSeries(series: TelemetrySeries): NamedSeries[] {
  return [...scrapedNames(series)]
    .map((id) => id.split("\u0000") as [string, string])
    .filter(([, key]) => stateGaugeSuffixes.some((suffix) => key.split("{")[0]!.endsWith(suffix)))
    .sort(([a, x], [b, y]) => (a + x).localeCompare(b + y))
    .map(([service, key]) => ({ name: gaugeLabel(key), points: series.ticks.map((tick) => ({ atMs: tick.atMs, value: scrapedValue(tick, service, key) })) }));
}

/** Requests per second per service: the summed request counter's increase between ticks (a reset is a gap). */
function requestRateSeries(series: TelemetrySeries): NamedSeries[] {
  const services = [...new Set([...scrapedNames(series)].map((id) => id.split("\u0000") as [string, string]).filter(([, key]) => key.split("{")[0]!.endsWith(requestCounterSuffix)).map(([service]) => service))].sort();
  return services.map((service) => {
    const totals = series.ticks.map((tick) => {
      const scrape = tick.scrapes.find((candidate) => candidate.service === service);
      if (!scrape?.ok) return null;
      return Object.entries(scrape.values).reduce((sum, [key, value]) => (key.split("{")[0]!.endsWith(requestCounterSuffix) ? sum + value : sum), 0);
    });
    return {
      name: `${service} req/s`,
      points: series.ticks.map((tick, i) => {
        const previous = i > 0 ? totals[i - 1] : null;
        const current = totals[i];
        const seconds = i > 0 ? (tick.atMs - series.ticks[i - 1]!.atMs) / 1000 : 0;
        const value = previous === null || previous === undefined || current === null || current === undefined || current < previous || seconds <= 0 ? null : (current - previous) / seconds;
        return { atMs: tick.atMs, value };
      }),
    };
  });
}

export interface TelemetryPlotOptions {
  thresholds: TelemetryThresholds;
  /** Latency windows of a load run beside the sampler (LoadResult.series). */
  latency?: readonly LatencyWindow[];
  latencyThresholdMs?: number;
  /** Prefixes the attachment names (several stacks in one test). */
  label?: string;
}

export function renderTelemetryPlots(series: TelemetrySeries, options: TelemetryPlotOptions): TelemetryPlot[] {
  const common = { faultWindows: series.faultWindows, startMs: series.startedAtMs, endMs: series.stoppedAtMs };
  const tmpfs = tmpfsSeries(series);
  const tmpfsTitle = `tmpfs fill per mount${tmpfs.hidden > 0 ? ` (${tmpfs.hidden} more under ${tmpfsShownFromRatio * 100} % not drawn)` : ""}`;
  const plots: TelemetryPlot[] = [
    {
      name: "telemetry-memory",
      title: "Container memory (working set) per service",
      svg: renderTimeSeriesSvg({ ...common, title: "Container memory (working set) per service", yLabel: "MiB", series: memorySeries(series) }),
    },
    {
      name: "telemetry-tmpfs",
      title: "tmpfs fill per mount",
      svg: renderTimeSeriesSvg({
        ...common,
        title: tmpfsTitle,
        yLabel: "% of tmpfs size",
        series: tmpfs.shown,
        threshold: { value: options.thresholds.tmpfsUsedRatioMax * 100, label: "tmpfsUsedRatioMax" },
      }),
    },
  ];
  const gauges = stateGaugeSeries(series);
  if (gauges.length > 0) {
    plots.push({
      name: "telemetry-service-state",
      title: "Breaker state (0 closed, 1 half-open, 2 open) and queues, from /metrics",
      svg: renderTimeSeriesSvg({ ...common, title: "Breaker state (0 closed, 1 half-open, 2 open) and queues, from /metrics", yLabel: "state / requests", series: gauges }),
    });
  }
  const rates = requestRateSeries(series);
  if (rates.length > 0) {
    plots.push({
      name: "telemetry-request-rate",
      title: "Request rate per service, from /metrics",
      svg: renderTimeSeriesSvg({ ...common, title: "Request rate per service, from /metrics", yLabel: "requests/s", series: rates }),
    });
  }
  const ratio = memoryRatioSeries(series);
  if (ratio.length > 0) {
    plots.push({
      name: "telemetry-memory-ratio",
      title: "Container memory / enforced limit",
      svg: renderTimeSeriesSvg({
        ...common,
        title: "Container memory / enforced limit",
        yLabel: "% of memory limit",
        series: ratio,
        threshold: { value: options.thresholds.memoryUsedRatioMax * 100, label: "memoryUsedRatioMax" },
      }),
    });
  }
  if (options.latency !== undefined && options.latency.length > 0) {
    const at = (window: LatencyWindow) => (window.startMs + window.endMs) / 2;
    plots.push({
      name: "telemetry-latency",
      title: "Latency over time",
      svg: renderTimeSeriesSvg({
        ...common,
        title: "Latency over time",
        yLabel: "ms",
        series: [
          { name: "p50", points: options.latency.map((window) => ({ atMs: at(window), value: window.p50Ms })) },
          { name: "p95", points: options.latency.map((window) => ({ atMs: at(window), value: window.p95Ms })) },
          { name: "p99", points: options.latency.map((window) => ({ atMs: at(window), value: window.p99Ms })) },
        ],
        ...(options.latencyThresholdMs === undefined ? {} : { threshold: { value: options.latencyThresholdMs, label: "p95 SLO" } }),
      }),
    });
  }
  return plots;
}

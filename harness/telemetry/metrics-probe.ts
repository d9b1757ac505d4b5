// Scrapes a service's own Prometheus /metrics. Keeps counters and gauges (queue depth, breaker state,
// request totals for rates) and drops histogram buckets and runtime internals to keep ticks small.
import { familyOf, parsePrometheusText, seriesKey, type PromExposition } from "./prometheus-text.ts";
import type { ScrapeSample } from "./telemetry-series.ts";

const keptRuntimeSeries: ReadonlySet<string> = new Set(["process_resident_memory_bytes", "process_cpu_seconds_total"]);
const runtimePrefixes = ["process_", "nodejs_", "python_", "go_"];

export function selectScrapeValues(exposition: PromExposition): Record<string, number> {
  const values: Record<string, number> = {};
  for (const sample of exposition.samples) {
    const { family, type } = familyOf(exposition, sample.name);
    if (type === "histogram" || type === "summary") continue;
    if (family !== sample.name && !sample.name.endsWith("_total")) continue;
    if (runtimePrefixes.some((prefix) => sample.name.startsWith(prefix)) && !keptRuntimeSeries.has(sample.name)) continue;
    if (!Number.isFinite(sample.value)) continue;
    values[seriesKey(sample.name, sample.labels)] = sample.value;
  }
  return values;
}

export class MetricsProbe {
  constructor(readonly service: string, private readonly url: string, private readonly timeoutMs = 1_500) {}

  async read(): Promise<ScrapeSample> {
    try {
      const response = await fetch(this.url, { signal: AbortSignal.timeout(this.timeoutMs) });
      const text = await response.text();
      if (response.status !== 200) return { service: this.service, ok: false, error: `GET ${this.url}: HTTP ${response.status}` };
      return { service: this.service, ok: true, values: selectScrapeValues(parsePrometheusText(text)) };
    } catch (error) {
      return { service: this.service, ok: false, error: `GET ${this.url}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}

// Resource telemetry: sample a running stack, judge the series against the SLO, plot it, record it.
export { startSampler, type Sampler, type SamplerOptions } from "./sampler.ts";
export { watchStack, type StackTelemetry, type StackTelemetryOptions } from "./stack-telemetry.ts";
export { findTelemetryFindings, summarizeTelemetry, restartEvents, type TelemetryFinding, type TelemetrySummary, type TelemetryThresholds, type RestartEvent } from "./findings.ts";
export { renderTelemetryPlots, type TelemetryPlot, type TelemetryPlotOptions } from "./telemetry-plots.ts";
export { recordTelemetryMetrics, telemetryMetricIds, type MetricSink } from "./telemetry-metrics.ts";
export { attachTelemetry, type TelemetryReport } from "./telemetry-allure.ts";
export { parsePrometheusText, familyOf, seriesKey, type PromExposition, type PromSample } from "./prometheus-text.ts";
export type { TelemetrySeries, TelemetryTick, ServiceSample, RedisSample, ScrapeSample, TmpfsUsage } from "./telemetry-series.ts";

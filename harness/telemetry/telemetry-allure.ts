// Puts a sampled series into the Allure report: plots, findings and the summary as attachments.
import * as allure from "allure-js-commons";
import { findTelemetryFindings, summarizeTelemetry, type TelemetryFinding, type TelemetrySummary } from "./findings.ts";
import { renderTelemetryPlots, type TelemetryPlotOptions } from "./telemetry-plots.ts";
import type { TelemetrySeries } from "./telemetry-series.ts";

export interface TelemetryReport {
  summary: TelemetrySummary;
  findings: TelemetryFinding[];
}

export async function attachTelemetry(series: TelemetrySeries, options: TelemetryPlotOptions): Promise<TelemetryReport> {
  const summary = summarizeTelemetry(series);
  const findings = findTelemetryFindings(series, options.thresholds);
  for (const plot of renderTelemetryPlots(series, options)) await allure.attachment(`${plot.title}.svg`, plot.svg, "image/svg+xml");
  await allure.attachment("telemetry findings.json", JSON.stringify(findings, null, 2), "application/json");
  await allure.attachment("telemetry summary.json", JSON.stringify({ ...summary, skippedTicks: series.skippedTicks, tmpfsMethod: series.tmpfsMethod }, null, 2), "application/json");
  return { summary, findings };
}

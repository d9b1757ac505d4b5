// Puts a sampled series into the Allure report: plots, findings and the summary as attachments, to
// the running test by default, or through another attach (a standalone result, see telemetry-result-file).
import * as allure from "allure-js-commons";
import { findTelemetryFindings, summarizeTelemetry, type TelemetryFinding, type TelemetrySummary } from "./findings.ts";
import { renderTelemetryPlots, type TelemetryPlotOptions } from "./telemetry-plots.ts";
import type { TelemetrySeries } from "./telemetry-series.ts";

export interface TelemetryReport {
  summary: TelemetrySummary;
  findings: TelemetryFinding[];
}

export type Attach = (name: string, content: string, contentType: string) => Promise<void>;

const attachToRunningTest: Attach = async (name, content, contentType) => {
  await allure.attachment(name, content, contentType);
};

export async function attachTelemetry(series: TelemetrySeries, options: TelemetryPlotOptions, attach: Attach = attachToRunningTest): Promise<TelemetryReport> {
  const summary = summarizeTelemetry(series);
  const findings = findTelemetryFindings(series, options.thresholds);
  const prefix = options.label ? `${options.label}: ` : "";
  for (const plot of renderTelemetryPlots(series, options)) await attach(`${prefix}${plot.title}.svg`, plot.svg, "image/svg+xml");
  await attach(`${prefix}telemetry findings.json`, JSON.stringify(findings, null, 2), "application/json");
  await attach(`${prefix}telemetry summary.json`, JSON.stringify({ ...summary, skippedTicks: series.skippedTicks, tmpfsMethod: series.tmpfsMethod }, null, 2), "application/json");
  return { summary, findings };
}

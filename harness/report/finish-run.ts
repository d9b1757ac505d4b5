// End of a run: the summary of every success metric (JSON, markdown, one screen), then the HTML report.
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { runFiles, type SuiteEnv } from "../config/env.ts";
import { readMetricRecords } from "../metrics/metric-recorder.ts";
import { metricCatalogue } from "../metrics/metric-catalogue.ts";
import { buildSummary, gateFailures, type RunInfo, type RunSummary } from "../metrics/run-summary.ts";
import { renderSummaryTable } from "../metrics/summary-table.ts";
import { renderMarkdown } from "../metrics/summary-markdown.ts";
import type { Slo } from "../slo/slo.ts";
import { generateReport, type GeneratedReport } from "./generate-report.ts";

export interface FinishedRun {
  summary: RunSummary;
  gatePassed: boolean;
  report: GeneratedReport | undefined;
  reportError: string | undefined;
}

export async function finishRun(env: SuiteEnv, slo: Slo, run: RunInfo, variables: Record<string, string>, log: (line: string) => void): Promise<FinishedRun> {
  const files = runFiles(env);
  const summary = buildSummary(await readMetricRecords(files.metrics), metricCatalogue, slo, run);
  mkdirSync(dirname(files.summaryJson), { recursive: true });
  writeFileSync(files.summaryJson, JSON.stringify(summary, null, 2));
  const markdown = renderMarkdown(summary);
  writeFileSync(files.summaryMarkdown, markdown);
  if (env.jobSummaryFile) appendFileSync(env.jobSummaryFile, `${markdown}\n`);
  log(renderSummaryTable(summary));
  const failures = gateFailures(summary);
  for (const f of failures) log(`GATE FAIL ${f.id}: ${f.verdict === "not-run" ? `not run (${f.reason})` : f.reason ?? `${f.value} vs ${f.comparator} ${f.threshold}`}`);
  let report: GeneratedReport | undefined;
  let reportError: string | undefined;
  try {
    report = await generateReport({ projectRoot: env.projectRoot, reportsDir: env.reportsDir, variables, reportName: `xnai chaos suite: ${run.profile}` });
    log(`report: ${report.index} (single file: ${report.singleFile ?? "none"}), analytics scripts removed: ${report.analyticsRemoved}`);
  } catch (err) {
    reportError = (err as Error).message;
    log(`report: not generated: ${reportError}`);
  }
  return { summary, gatePassed: failures.length === 0, report, reportError };
}

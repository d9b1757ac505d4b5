import { formatThreshold, formatValue } from "./format-metric.ts";
import { gateFailures, type RunSummary, type SummaryMetric } from "./run-summary.ts";

function cell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function verdictCell(metric: SummaryMetric): string {
  const gate = metric.gates ? "" : " (not gated)";
  if (metric.verdict === "pass") return `✅ pass${gate}`;
  if (metric.verdict === "fail") return `❌ fail${gate}`;
  return `⚪ not-run${gate}`;
}

/** For a CI job summary (GitHub `$GITHUB_STEP_SUMMARY` and the like). */
export function renderMarkdown(summary: RunSummary): string {
  const failures = gateFailures(summary);
  const run = summary.run;
  const lines = [
    `## Chaos validation: ${failures.length === 0 ? "✅ gate passed" : `❌ gate failed (${failures.length})`}`,
    "",
    `Run ${cell(run.started)} → ${cell(run.finished)} · engine \`${cell(run.engine)}\`${run.rootless ? " (rootless)" : ""} · profile \`${cell(run.profile)}\``,
    "",
    "| metric | value | threshold | verdict | reason |",
    "|---|---:|---:|---|---|",
    ...summary.metrics.map(
      (metric) =>
        `| \`${cell(metric.id)}\` | ${cell(formatValue(metric))} | ${cell(formatThreshold(metric))} | ${verdictCell(metric)} | ${cell(metric.reason ?? "")} |`,
    ),
  ];
  if (failures.length > 0) {
    lines.push("", "Gated metrics that failed or did not run:", ...failures.map((metric) => `- \`${cell(metric.id)}\`: ${cell(metric.reason ?? metric.verdict)}`));
  }
  return `${lines.join("\n")}\n`;
}

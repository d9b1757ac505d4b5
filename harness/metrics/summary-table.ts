import { formatThreshold, formatValue, formatVerdict } from "./format-metric.ts";
import { gateFailures, type RunSummary } from "./run-summary.ts";

const reasonWidth = 60;

function clip(text: string, width: number): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length <= width ? oneLine : `${oneLine.slice(0, width - 1)}…`;
}

/** One screen: gated failures are upper-case so they stand out in a plain terminal. */
export function renderSummaryTable(summary: RunSummary): string {
  const header = ["metric", "value", "threshold", "verdict", "reason"];
  const rows = summary.metrics.map((metric) => [
    metric.id,
    formatValue(metric),
    formatThreshold(metric),
    formatVerdict(metric),
    clip(metric.reason ?? "", reasonWidth),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  const failures = gateFailures(summary);
  const gate = failures.length === 0 ? "gate: PASS" : `gate: FAIL (${failures.length} gated metric(s) failed or not run)`;
  const run = summary.run;
  return [
    `run ${run.started} .. ${run.finished}  engine ${run.engine}${run.rootless ? " (rootless)" : ""}  profile ${run.profile}`,
    line(header),
    line(widths.map((width) => "-".repeat(width))),
    ...rows.map(line),
    gate,
  ].join("\n");
}

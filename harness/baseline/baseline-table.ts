// The comparison as a fixed-width text table (terminal) or Markdown (report).
import type { BaselineComparison, BaselineRow } from "./baseline-compare.ts";

function figure(value: number | null): string {
  if (value === null) return "-";
  if (Number.isInteger(value)) return String(value);
  return Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toFixed(3);
}

function change(row: BaselineRow): string {
  if (row.worseBy === null) return "-";
  if (!Number.isFinite(row.worseBy)) return "worse (from 0)";
  const percent = Math.round(row.worseBy * 100);
  return percent > 0 ? `${percent} % worse` : percent < 0 ? `${-percent} % better` : "same";
}

function verdict(row: BaselineRow): string {
  if (row.baseline === null) return "no baseline";
  if (row.worseBy === null) return "not compared";
  return row.regressed ? "REGRESSION" : "ok";
}

const headers = ["metric", "this run", "baseline (median)", "runs", "change", "verdict"];

function cells(comparison: BaselineComparison): string[][] {
  return comparison.rows.map((row) => [row.id, figure(row.value), figure(row.baseline), String(row.runsInBaseline), change(row), verdict(row)]);
}

export function baselineTableText(comparison: BaselineComparison): string {
  const rows = [headers, ...cells(comparison)];
  const widths = headers.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd();
  return [
    `machine class: ${comparison.machineKey}`,
    `run ${comparison.runId} against ${comparison.baselineRunIds.length} earlier run(s)`,
    line(rows[0]!),
    widths.map((width) => "-".repeat(width)).join("  "),
    ...rows.slice(1).map(line),
    comparison.regressions.length === 0 ? "no regression" : `${comparison.regressions.length} regression(s): ${comparison.regressions.map((row) => row.id).join(", ")}`,
  ].join("\n");
}

export function baselineTableMarkdown(comparison: BaselineComparison): string {
  return [
    `Machine class: \`${comparison.machineKey}\`, baseline of ${comparison.baselineRunIds.length} earlier run(s)`,
    "",
    `| ${headers.join(" | ")} |`,
    `|${headers.map(() => " --- ").join("|")}|`,
    ...cells(comparison).map((row) => `| ${row.join(" | ")} |`),
  ].join("\n");
}

import type { SummaryMetric } from "./run-summary.ts";

function formatNumber(value: number): string {
  if (Number.isInteger(value)) return String(value);
  const magnitude = Math.abs(value);
  return magnitude >= 100 ? value.toFixed(0) : magnitude >= 1 ? value.toFixed(2) : String(Number(value.toPrecision(3)));
}

function withUnit(value: number, unit: string): string {
  if (unit === "ms") return `${formatNumber(value)} ms`;
  if (unit === "x") return `${formatNumber(value)}x`;
  return formatNumber(value);
}

export function formatValue(metric: SummaryMetric): string {
  return metric.value === null ? "-" : withUnit(metric.value, metric.unit);
}

export function formatThreshold(metric: SummaryMetric): string {
  return metric.threshold === null ? "report" : `${metric.comparator} ${withUnit(metric.threshold, metric.unit)}`;
}

export function formatVerdict(metric: SummaryMetric): string {
  if (metric.verdict === "pass") return "pass";
  if (metric.verdict === "fail") return metric.gates ? "FAIL" : "fail";
  return metric.gates ? "NOT-RUN" : "not-run";
}

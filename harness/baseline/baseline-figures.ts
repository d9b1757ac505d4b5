// A run's key figures come from its metrics file: per metric id the worst measured value (as the run
// summary judges it: several suites and stacks may measure one id), or none if any part could not run.
// Which direction is worse comes from the catalogue, else from the unit in the id's name.
import { findMetric, metricCatalogue } from "../metrics/metric-catalogue.ts";
import type { MetricRecord } from "../metrics/metric-record.ts";
import type { Comparator } from "../metrics/verdict.ts";

export function figuresFromRecords(records: readonly MetricRecord[]): Record<string, number> {
  const figures: Record<string, number> = {};
  const notRun = new Set<string>();
  for (const record of records) {
    if (record.status !== "measured") {
      notRun.add(record.id);
      continue;
    }
    const current = figures[record.id];
    const direction = figureDirection(record.id);
    const worse = current === undefined || direction === "==" || (direction === ">=" || direction === ">" ? record.value < current : record.value > current);
    if (worse) figures[record.id] = record.value;
  }
  for (const id of notRun) delete figures[id];
  return figures;
}

/** "<=" lower is better, ">=" higher is better, "==" not compared. */
export function figureDirection(id: string): Comparator {
  const known = findMetric(metricCatalogue, id);
  if (known !== undefined) return known.comparator;
  if (/(_ms|_bytes|_mib|_mb|_seconds|_s)$/.test(id) || /(peak|max)/.test(id)) return "<=";
  if (/(_per_sec|_rps|speedup|throughput)/.test(id)) return ">=";
  return "==";
}

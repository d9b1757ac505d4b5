// A run's key figures come from its metrics file: per metric id the worst measured value (as the run
// summary judges it: several suites and stacks may measure one id), or none if any part could not run.
import { figureDirection } from "../metrics/metric-direction.ts";
import type { MetricRecord } from "../metrics/metric-record.ts";

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

export { figureDirection };

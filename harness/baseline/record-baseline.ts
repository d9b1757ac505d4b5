// At the end of a run: turn its metrics file into a baseline entry, compare it with the history of
// the same machine class, then append it (so the comparison never includes the run itself).
import { readMetricRecords } from "../metrics/metric-recorder.ts";
import type { Slo } from "../slo/slo.ts";
import { compareWithBaseline, type BaselineComparison } from "./baseline-compare.ts";
import { figuresFromRecords } from "./baseline-figures.ts";
import { appendBaseline, readBaselineHistory, type BaselineEntry } from "./baseline-history.ts";
import { machineKey, type MachineClass } from "./machine-class.ts";

export interface RecordBaselineRequest {
  runId: string;
  metricsFile: string;
  historyFile: string;
  machine: MachineClass;
  slo: Pick<Slo, "regressionTolerance" | "baselineWindowRuns"> & Partial<Slo>;
  now?: () => Date;
}

export interface RecordedBaseline {
  entry: BaselineEntry;
  comparison: BaselineComparison;
}

export async function recordRunBaseline(request: RecordBaselineRequest): Promise<RecordedBaseline> {
  const figures = figuresFromRecords(await readMetricRecords(request.metricsFile));
  const entry: BaselineEntry = {
    runId: request.runId,
    recordedAt: (request.now?.() ?? new Date()).toISOString(),
    machine: request.machine,
    machineKey: machineKey(request.machine),
    figures,
  };
  const comparison = compareWithBaseline(entry, await readBaselineHistory(request.historyFile), request.slo);
  if (Object.keys(figures).length > 0) await appendBaseline(request.historyFile, entry);
  return { entry, comparison };
}

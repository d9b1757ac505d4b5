// Performance baselines: a run's key figures appended to reports/history/baselines.jsonl and compared
// with the median of the last runs of the same machine class.
export { recordRunBaseline, type RecordBaselineRequest, type RecordedBaseline } from "./record-baseline.ts";
export { compareWithBaseline, type BaselineComparison, type BaselineRow } from "./baseline-compare.ts";
export { appendBaseline, baselineHistoryFile, readBaselineHistory, type BaselineEntry } from "./baseline-history.ts";
export { figuresFromRecords, figureDirection } from "./baseline-figures.ts";
export { baselineTableMarkdown, baselineTableText } from "./baseline-table.ts";
export { describeEngine, localMachineClass, machineKey, type MachineClass } from "./machine-class.ts";

import { figureDirection } from "./metric-direction.ts";
import type { Slo } from "../slo/slo.ts";
import type { MetricDefinition, MetricUnit } from "./metric-catalogue.ts";
import type { MetricRecord } from "./metric-record.ts";
import { judge, type Comparator, type Verdict } from "./verdict.ts";

export interface RunInfo {
  started: string;
  finished: string;
  engine: string;
  rootless: boolean;
  profile: string;
  [extra: string]: unknown;
}

export interface SummaryMetric {
  id: string;
  value: number | null;
  unit: MetricUnit | string;
  threshold: number | null;
  comparator: Comparator;
  verdict: Verdict;
  reason?: string;
  gates: boolean;
  sloKey?: string;
  source?: string;
}

/** The shape of reports/summary.json. */
export interface RunSummary {
  run: RunInfo;
  metrics: SummaryMetric[];
}

export const suiteHasNotRun = "suite has not run";

/**
 * One record per id. For a catalogued metric a not-run record wins (part of the check could not run,
 * and the gate must know), else the worst measurement (several suites may measure one metric and the
 * gate holds for each); an uncatalogued id the same, by the direction its name implies (else its last record).
 */
function worstById(records: readonly MetricRecord[], catalogue: readonly MetricDefinition[]): Map<string, MetricRecord> {
  const comparators = new Map(catalogue.map((definition) => [definition.id, definition.comparator]));
  const chosen = new Map<string, MetricRecord>();
  for (const record of records) {
    const current = chosen.get(record.id);
    const comparator = comparators.get(record.id) ?? figureDirection(record.id);
    if (current === undefined || comparator === undefined || comparator === "==" || record.status === "not-run") {
      chosen.set(record.id, record);
      continue;
    }
    if (current.status === "not-run") continue;
    const higherIsWorse = comparator === "<=" || comparator === "<";
    if (higherIsWorse ? record.value > current.value : record.value < current.value) chosen.set(record.id, record);
  }
  return chosen;
}

function summarise(definition: MetricDefinition, slo: Slo, record: MetricRecord | undefined): SummaryMetric {
  const threshold = definition.threshold(slo);
  const base = {
    id: definition.id,
    unit: definition.unit,
    threshold,
    comparator: definition.comparator,
    gates: definition.gates && threshold !== null,
    sloKey: definition.sloKey,
    ...(record?.source === undefined ? {} : { source: record.source }),
  };
  if (record === undefined) return { ...base, value: null, verdict: "not-run", reason: suiteHasNotRun };
  if (record.status === "not-run") return { ...base, value: null, verdict: "not-run", reason: record.reason };
  const verdict = judge(record.value, threshold, definition.comparator);
  const reason =
    threshold === null
      ? "reported only: no threshold for this metric"
      : verdict === "fail"
        ? `${record.value} violates ${definition.comparator} ${threshold}`
        : undefined;
  return { ...base, value: record.value, verdict, ...(reason === undefined ? {} : { reason }) };
}

function uncatalogued(record: MetricRecord): SummaryMetric {
  return {
    id: record.id,
    value: record.status === "measured" ? record.value : null,
    unit: "",
    threshold: null,
    comparator: "<=",
    verdict: record.status === "measured" ? "pass" : "not-run",
    reason: record.status === "measured" ? "not in the metric catalogue: reported only" : record.reason,
    gates: false,
    ...(record.source === undefined ? {} : { source: record.source }),
  };
}

/** Every catalogue metric appears, measured or not; the worst measurement of an id counts. */
export function buildSummary(
  records: readonly MetricRecord[],
  catalogue: readonly MetricDefinition[],
  slo: Slo,
  run: RunInfo,
): RunSummary {
  const latest = worstById(records, catalogue);
  const known = new Set(catalogue.map((definition) => definition.id));
  const metrics = catalogue.map((definition) => summarise(definition, slo, latest.get(definition.id)));
  for (const [id, record] of latest) if (!known.has(id)) metrics.push(uncatalogued(record));
  return { run, metrics };
}

export function gateFailures(summary: RunSummary): SummaryMetric[] {
  return summary.metrics.filter((metric) => metric.gates && metric.verdict !== "pass");
}

export function gatePassed(summary: RunSummary): boolean {
  return gateFailures(summary).length === 0;
}

// Compares a run with the median of the last baselineWindowRuns runs of the same machine class,
// through findRegressions, and returns one row per figure for the table.
import { findRegressions } from "../metrics/baseline-regression.ts";
import { findMetric, metricCatalogue } from "../metrics/metric-catalogue.ts";
import type { RunSummary } from "../metrics/run-summary.ts";
import type { Slo } from "../slo/slo.ts";
import { figureDirection } from "./baseline-figures.ts";
import type { BaselineEntry } from "./baseline-history.ts";

export interface BaselineRow {
  id: string;
  value: number;
  /** null: no earlier run of this machine class measured it. */
  baseline: number | null;
  runsInBaseline: number;
  /** Relative change in the bad direction (0.3 = 30 % worse); null without a baseline or direction. */
  worseBy: number | null;
  regressed: boolean;
}

export interface BaselineComparison {
  machineKey: string;
  runId: string;
  /** Earlier runs of the same machine class considered (oldest first). */
  baselineRunIds: string[];
  rows: BaselineRow[];
  regressions: BaselineRow[];
}

function asSummary(entry: BaselineEntry): RunSummary {
  return {
    run: { started: entry.recordedAt, finished: entry.recordedAt, engine: entry.machine.engine, rootless: entry.machine.engine.includes("rootless"), profile: "" },
    metrics: Object.entries(entry.figures).map(([id, value]) => ({
      id,
      value,
      unit: "",
      threshold: null,
      comparator: figureDirection(id),
      verdict: "pass",
      gates: false,
    })),
  };
}

/** Below this share of its SLO limit a figure is noise, whatever its relative change (tmpfs 0.4 % -> 0.8 %). */
export const negligibleShareOfLimit = 0.1;

/** A lower-is-better figure far under its SLO limit: doubling it still means nothing. */
function negligible(id: string, value: number, slo: Partial<Slo>): boolean {
  const definition = findMetric(metricCatalogue, id);
  if (definition === undefined || (definition.comparator !== "<=" && definition.comparator !== "<")) return false;
  const limit = (() => {
    try {
      return definition.threshold(slo as Slo);
    } catch {
      return null;
    }
  })();
  return typeof limit === "number" && limit > 0 && value <= limit * negligibleShareOfLimit;
}

/** `history` is oldest first and may contain `current` and other machine classes: both are left out. */
export function compareWithBaseline(current: BaselineEntry, history: readonly BaselineEntry[], slo: Pick<Slo, "regressionTolerance" | "baselineWindowRuns"> & Partial<Slo>): BaselineComparison {
  const peers = history.filter((entry) => entry.machineKey === current.machineKey && entry.runId !== current.runId);
  const window = peers.slice(-slo.baselineWindowRuns);
  // a tolerance of -Infinity makes findRegressions report every compared figure with its baseline
  const compared = new Map(findRegressions(asSummary(current), peers.map(asSummary), { ...slo, regressionTolerance: -Infinity }).map((r) => [r.id, r]));
  const rows = Object.entries(current.figures)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, value]): BaselineRow => {
      const found = compared.get(id);
      if (found === undefined) {
        const past = window.filter((entry) => entry.figures[id] !== undefined).length;
        return { id, value, baseline: null, runsInBaseline: past, worseBy: null, regressed: false };
      }
      return { id, value, baseline: found.baseline, runsInBaseline: found.runsInBaseline, worseBy: found.worseBy, regressed: found.worseBy > slo.regressionTolerance && !negligible(id, value, slo) };
    });
  return { machineKey: current.machineKey, runId: current.runId, baselineRunIds: window.map((entry) => entry.runId), rows, regressions: rows.filter((row) => row.regressed) };
}

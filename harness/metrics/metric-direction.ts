// Which direction of a metric is worse: from the catalogue, else from the unit in the id's name (an
// uncatalogued `..._ms` or `..._peak_mib...` figure is worse when higher).
import { findMetric, metricCatalogue } from "./metric-catalogue.ts";
import type { Comparator } from "./verdict.ts";

/** "<=" lower is better, ">=" higher is better, "==" not compared. */
export function figureDirection(id: string): Comparator {
  const known = findMetric(metricCatalogue, id);
  if (known !== undefined) return known.comparator;
  if (/(_ms|_bytes|_mib|_mb|_seconds|_s)$/.test(id) || /(peak|max)/.test(id)) return "<=";
  if (/(_per_sec|_rps|speedup|throughput)/.test(id)) return ">=";
  return "==";
}

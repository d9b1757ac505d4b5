// Medians over runs and the two speedups the SLO gates, from measured build times only.
import type { Slo } from "../slo/slo.ts";
import { benchPhases, type BenchPhase, type ImageRun } from "./build-bench.ts";

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

export interface ImageSummary {
  service: string;
  engine: ImageRun["engine"];
  runs: number;
  medianMs: Partial<Record<BenchPhase, number>>;
  medianInstallMs: Partial<Record<BenchPhase, number>>;
  /** median 1-minute load average at the start of the phases (2 cores: above 2 the builds wait for CPU) */
  medianLoadAvg?: number;
  /** cold / rebuild after a source-only change */
  sourceChangeSpeedup?: number;
  /** dependency change without cache mounts / with warm cache mounts */
  dependencyChangeSpeedup?: number;
  dependencySkipped?: string;
}

function ratio(a: number | undefined, b: number | undefined): number | undefined {
  return a !== undefined && b !== undefined && b > 0 ? a / b : undefined;
}

export function summarize(runs: readonly ImageRun[]): ImageSummary[] {
  const groups = new Map<string, ImageRun[]>();
  for (const r of runs) groups.set(`${r.engine}/${r.service}`, [...(groups.get(`${r.engine}/${r.service}`) ?? []), r]);
  return [...groups.values()].map((g) => {
    const medians = (pick: (r: ImageRun) => Partial<Record<BenchPhase, number>>) => {
      const out: Partial<Record<BenchPhase, number>> = {};
      for (const p of benchPhases) {
        const m = median(g.map((r) => pick(r)[p]).filter((v): v is number => v !== undefined));
        if (m !== undefined) out[p] = m;
      }
      return out;
    };
    const medianMs = medians((r) => r.timesMs);
    const medianInstallMs = medians((r) => r.installStepMs);
    return {
      service: g[0]!.service,
      engine: g[0]!.engine,
      runs: g.length,
      medianMs,
      medianInstallMs,
      medianLoadAvg: median(g.flatMap((r) => Object.values(r.loadAvg ?? {}))),
      sourceChangeSpeedup: ratio(medianMs.cold, medianMs.source),
      dependencyChangeSpeedup: ratio(medianMs["dependency-nomount"], medianMs["dependency-mounts"]),
      dependencySkipped: g[0]!.dependencySkipped,
    };
  });
}

export interface GateResult {
  metric: "build.source_change_speedup" | "build.dependency_change_speedup";
  engine: ImageRun["engine"];
  service: string;
  value: number;
  threshold: number;
  pass: boolean;
}

/** The gate takes each image's speedup; the weakest image decides the recorded metric. */
export function gateResults(summaries: readonly ImageSummary[], slo: Pick<Slo, "buildSourceChangeSpeedup" | "buildDependencyChangeSpeedup">): GateResult[] {
  const out: GateResult[] = [];
  for (const s of summaries) {
    if (s.sourceChangeSpeedup !== undefined)
      out.push({ metric: "build.source_change_speedup", engine: s.engine, service: s.service, value: s.sourceChangeSpeedup, threshold: slo.buildSourceChangeSpeedup, pass: s.sourceChangeSpeedup >= slo.buildSourceChangeSpeedup });
    if (s.dependencyChangeSpeedup !== undefined)
      out.push({ metric: "build.dependency_change_speedup", engine: s.engine, service: s.service, value: s.dependencyChangeSpeedup, threshold: slo.buildDependencyChangeSpeedup, pass: s.dependencyChangeSpeedup >= slo.buildDependencyChangeSpeedup });
  }
  return out;
}

export function weakest(results: readonly GateResult[], metric: GateResult["metric"]): GateResult | undefined {
  return results.filter((r) => r.metric === metric).sort((a, b) => a.value - b.value)[0];
}

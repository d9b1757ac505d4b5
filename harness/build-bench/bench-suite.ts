// The whole benchmark: every selected image of the target stack, N runs, on each engine, with the
// engines' disk usage before/after and the removal of everything the benchmark created.
import { readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ComposeModel } from "../stack/compose/index.ts";
import { buildArgsOf, dockerfileOf } from "../stack/images/stack-images.ts";
import type { EngineTarget } from "../engine/engine-target.ts";
import { dockerodeFor } from "../engine/engine-client.ts";
import type { Slo } from "../slo/slo.ts";
import { benchImageRun, cachePrefixOf, workDirReady, type BenchImage, type ImageRun } from "./build-bench.ts";
import { cleanupBenchRun, type CleanupResult } from "./bench-cleanup.ts";
import { diskUsage, type DiskUsage } from "./disk-usage.ts";
import { gateResults, summarize, type GateResult, type ImageSummary } from "./bench-stats.ts";
import { renderBenchTable, renderChecks, renderDisk } from "./bench-table.ts";
import { cacheMountsOf } from "./containerfile-transform.ts";

export function benchImagesOf(model: ComposeModel, baseImage: string, services?: readonly string[]): BenchImage[] {
  const built = Object.values(model.services).filter((s) => s.build && (!services || services.includes(s.name)));
  if (services) {
    const missing = services.filter((n) => !built.some((s) => s.name === n));
    if (missing.length) throw new Error(`${model.file}: no built service named ${missing.join(", ")}`);
  }
  return built.map((s) => ({ service: s.name, context: s.build!.context, dockerfile: dockerfileOf(s), args: buildArgsOf(s, baseImage), target: s.build!.target }));
}

export interface BenchRequest {
  engines: readonly EngineTarget[];
  images: readonly BenchImage[];
  runs: number;
  runTag: string;
  labels: Record<string, string>;
  slo: Pick<Slo, "buildSourceChangeSpeedup" | "buildDependencyChangeSpeedup">;
  log: (line: string) => void;
}

export interface BenchReport {
  runs: ImageRun[];
  summaries: ImageSummary[];
  gates: GateResult[];
  disk: { engine: string; when: string; usage: DiskUsage }[];
  cleanup: { engine: string; result: CleanupResult }[];
  errors: string[];
  markdown: string;
}

export async function runBuildBench(req: BenchRequest): Promise<BenchReport> {
  const runs: ImageRun[] = [];
  const disk: BenchReport["disk"] = [];
  const cleanup: BenchReport["cleanup"] = [];
  const errors: string[] = [];
  const workDir = workDirReady(join(tmpdir(), `xnai-build-bench-${req.runTag}`));
  try {
    for (const target of req.engines) {
      const docker = dockerodeFor(target);
      disk.push({ engine: target.kind, when: "before", usage: await diskUsage(target) });
      try {
        for (let run = 1; run <= req.runs; run++)
          for (const image of req.images) {
            // a failed run is reported and left out of the medians; the other runs still count
            try {
              runs.push(await benchImageRun({ docker, target, runTag: req.runTag, workDir, labels: req.labels, log: req.log }, image, run));
            } catch (err) {
              errors.push(`${target.kind} ${image.service} run ${run}: ${(err as Error).message}`);
              req.log(`${target.kind} ${image.service} run ${run} failed: ${(err as Error).message}`);
            }
          }
      } finally {
        disk.push({ engine: target.kind, when: "after builds", usage: await diskUsage(target) });
        const result = await cleanupBenchRun(docker, target, req.runTag, cachePrefixOf(req.runTag));
        cleanup.push({ engine: target.kind, result });
        req.log(`${target.kind}: removed ${result.images} benchmark images and ${result.cacheDirs.length} cache-mount dirs${result.errors.length ? `; errors: ${result.errors.join("; ")}` : ""}`);
        disk.push({ engine: target.kind, when: "after cleanup", usage: await diskUsage(target) });
      }
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  const summaries = summarize(runs);
  const gates = gateResults(summaries, req.slo);
  const markdown = [
    `### Build benchmark (${req.runs} run(s), medians)`,
    renderBenchTable(summaries, gates),
    "",
    "### Cache-mount checks",
    renderChecks(runs),
    "",
    "### Disk",
    renderDisk(disk),
    ...(errors.length ? ["", "### Errors", ...errors.map((e) => `- ${e}`)] : []),
  ].join("\n");
  return { runs, summaries, gates, disk, cleanup, errors, markdown };
}

/**
 * The CI gate's image: the api role's service when its Containerfile has a cache mount, else the
 * first built service that has one (a cache-mount benchmark needs a cache mount).
 */
export function gateImagesOf(images: readonly BenchImage[], apiService: string): BenchImage[] {
  const withMount = images.filter((i) => cacheMountsOf(readFileSync(join(i.context, i.dockerfile), "utf8")).length > 0);
  const pick = withMount.find((i) => i.service === apiService) ?? withMount[0];
  return pick ? [pick] : [];
}

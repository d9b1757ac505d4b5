// npm-less entry: npx tsx scripts/bench-build.ts [--runs N] [--images api,crawler] [--engines rootless,rootful]
// Full build benchmark of the target stack's Containerfiles: cold vs cached builds with cache mounts.
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { readEnv, readVariables } from "../harness/config/env.ts";
import { prepareRun } from "../harness/engine/prepare.ts";
import { openEngineSession } from "../harness/engine/engine-session.ts";
import { requireEngine } from "../harness/engine/engine-target.ts";
import { loadCompose } from "../harness/stack/compose/index.ts";
import { resolveTarget } from "../harness/stack/target.ts";
import { sloFor } from "../harness/slo/resolve-slo.ts";
import { benchImagesOf, runBuildBench } from "../harness/build-bench/bench-suite.ts";
import { reportFatal } from "../harness/util/fatal.ts";
import type { EngineKind } from "../harness/config/env.ts";

function option(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const env = readEnv();
const log = (line: string) => console.log(line);
try {
  const runs = Number(option("runs") ?? 3);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${option("runs")}`);
  const engineKinds = (option("engines") ?? "rootless,rootful").split(",") as EngineKind[];
  await prepareRun(env, log);
  const session = openEngineSession(env);
  const target = await resolveTarget(env, process.argv.slice(2));
  const slo = sloFor(target.profile);
  const model = loadCompose(target.composeFile, { mode: "strict", variables: readVariables() });
  const images = benchImagesOf(model, session.baseImage, option("images")?.split(","));
  log(`build benchmark: ${images.map((i) => i.service).join(", ")} x ${runs} run(s) on ${engineKinds.join(", ")} (${target.composeFile})`);
  const report = await runBuildBench({
    engines: engineKinds.map((k) => requireEngine(env.projectRoot, k)),
    images,
    runs,
    runTag: env.runId.replace(/[^a-z0-9-]/gi, "").toLowerCase(),
    labels: session.labels,
    slo,
    log,
  });
  log(`\n${report.markdown}`);
  mkdirSync(env.reportsDir, { recursive: true });
  const out = join(env.reportsDir, "build-bench.json");
  writeFileSync(out, JSON.stringify(report, null, 2));
  writeFileSync(join(env.reportsDir, "build-bench.md"), `${report.markdown}\n`);
  log(`\nwritten ${out}`);
  if (report.errors.length) process.exitCode = 1;
} catch (err) {
  reportFatal("bench-build", err);
}

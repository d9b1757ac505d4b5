// npm run report: rebuild the summary and the HTML report from the last run's results.
import { existsSync, readFileSync } from "node:fs";
import { readEnv, runFiles } from "../harness/config/env.ts";
import { resolveTarget } from "../harness/stack/target.ts";
import { sloFor } from "../harness/slo/resolve-slo.ts";
import { finishRun } from "../harness/report/finish-run.ts";
import { environmentInfo } from "../harness/report/environment-info.ts";
import type { RunInfo } from "../harness/metrics/run-summary.ts";
import { reportFatal } from "../harness/util/fatal.ts";

try {
  const env = readEnv();
  const target = await resolveTarget(env, process.argv.slice(2));
  const files = runFiles(env);
  const previous = existsSync(files.summaryJson) ? (JSON.parse(readFileSync(files.summaryJson, "utf8")) as { run: RunInfo }).run : undefined;
  const now = new Date().toISOString();
  const run: RunInfo = previous ?? { started: now, finished: now, engine: env.engine, rootless: env.engine === "rootless", profile: target.profile.name };
  const r = await finishRun(env, sloFor(target.profile, env), run, environmentInfo({ engine: run.engine, profile: run.profile, runId: String(run.runId ?? env.runId) }), (l) => console.log(l));
  process.exit(r.report ? 0 : 1);
} catch (err) {
  reportFatal("report", err);
}

// npm test: prepare the engine, run every vitest project (unit, stack, chaos in that order),
// print a plain closing line, and make sure nothing of this run is left behind.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { pinRun, readEnv, runFiles } from "../harness/config/env.ts";
import { prepareRun } from "../harness/engine/prepare.ts";
import { openEngineSession, reapWithLog } from "../harness/engine/engine-session.ts";
import { runForwardingSignals } from "../harness/util/child-runner.ts";
import { reportFatal } from "../harness/util/fatal.ts";

const env = readEnv();
pinRun(env);
const log = (line: string) => console.log(line);
try {
  await prepareRun(env, log);
} catch (err) {
  reportFatal("test", err);
}

const files = runFiles(env);
const resultsFile = files.vitestResults;
// Each run reports only itself: allure-vitest never cleans its results folder.
for (const f of [files.vitestResults, files.metrics, files.audit]) rmSync(f, { force: true });
for (const d of [files.allureResults, files.journals]) rmSync(d, { recursive: true, force: true });

const vitestArgs = ["vitest", "run", ...process.argv.slice(2)];
const outcome = await runForwardingSignals("npx", vitestArgs, process.env, env.projectRoot);

try {
  await reapWithLog(openEngineSession(env), { kind: "run", runId: env.runId }, log);
} catch (err) {
  console.error(`test: cleanup failed: ${(err as Error).message}`);
}

if (existsSync(resultsFile)) {
  const r = JSON.parse(readFileSync(resultsFile, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
}
process.exit(outcome.signal ? 130 : outcome.code);

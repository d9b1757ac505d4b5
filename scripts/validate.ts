// npm run validate: the main job. Setup, target, preflight lint, the stack suites and chaos scenarios,
// teardown, the summary of every success metric and the HTML report. Non-zero exit on a breach.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { pinRun, pinTarget, readEnv, readVariables, runFiles } from "../harness/config/env.ts";
import { prepareRun } from "../harness/engine/prepare.ts";
import { openEngineSession, reapWithLog } from "../harness/engine/engine-session.ts";
import { podman } from "../harness/engine/podman-cli.ts";
import type { Capabilities } from "../harness/engine/capabilities.ts";
import { resolveTarget } from "../harness/stack/target.ts";
import { formatText, lintStack } from "../harness/lint/index.ts";
import { sloFor } from "../harness/slo/resolve-slo.ts";
import { finishRun } from "../harness/report/finish-run.ts";
import { environmentInfo } from "../harness/report/environment-info.ts";
import { runForwardingSignals } from "../harness/util/child-runner.ts";
import { PhaseLog } from "../harness/util/phase-log.ts";
import { dockerodeFor } from "../harness/engine/engine-client.ts";
import { baselineHistoryFile, baselineTableText, describeEngine, localMachineClass, recordRunBaseline } from "../harness/baseline/index.ts";
import { reportFatal } from "../harness/util/fatal.ts";

const argv = process.argv.slice(2);
const sloArgs = argv.flatMap((a, i) => (a === "--slo" ? [argv[i + 1] ?? ""] : a.startsWith("--slo=") ? [a.slice(6)] : []));
const sloOverrides: Record<string, number> = {};
for (const kv of sloArgs) {
  const [k, v] = kv.split("=");
  if (!k || v === undefined || !Number.isFinite(Number(v))) reportFatal("validate", new Error(`--slo takes key=number (e.g. --slo inferenceP95Ms=250), got '${kv}'`), 2);
  sloOverrides[k] = Number(v);
}
const env = { ...readEnv(), sloOverrides: { ...readEnv().sloOverrides, ...sloOverrides } };
pinRun(env);
const progress = new PhaseLog("validate");
const started = new Date().toISOString();

try {
  await progress.phase("setup", () => prepareRun(env, (l) => progress.line(l)));
  const target = await resolveTarget(env, argv);
  pinTarget(target, env.sloOverrides);
  const slo = sloFor(target.profile, env);
  progress.line(`target: ${target.composeFile} (profile ${target.profile.name}), engine ${env.engine}, run ${env.runId}`);
  const lint = await progress.phase("preflight lint", () => lintStack(target.composeFile, { variables: readVariables(), stateless: target.profile.stateless, capAllowList: target.profile.capAllowList }));
  progress.line(`lint: ${lint.errorCount} error(s), ${lint.warningCount} warning(s) in ${Math.round(lint.durationMs)} ms`);
  if (lint.errorCount > 0) {
    console.log(formatText(lint, env.projectRoot));
    throw new Error("the target has lint errors; fix them before validating (npm run lint:stack -- <compose file>)");
  }

  const files = runFiles(env);
  for (const f of [files.metrics, files.audit, files.vitestResults]) rmSync(f, { force: true });
  for (const d of [files.allureResults, files.journals]) rmSync(d, { recursive: true, force: true });

  const vitest = await progress.phase("suites and scenarios", () =>
    runForwardingSignals("npx", ["vitest", "run", "--project", "stack", "--project", "chaos"], process.env, env.projectRoot),
  );
  await reapWithLog(openEngineSession(env), { kind: "run", runId: env.runId }, (l) => progress.line(l));

  const capsFile = files.capabilities.replace(/\.json$/, `.${env.engine}.json`);
  const caps = existsSync(capsFile) ? (JSON.parse(readFileSync(capsFile, "utf8")) as Capabilities) : undefined;
  const session = openEngineSession(env);
  const podmanVersion = (await podman(session.target, ["version", "--format", "{{.Client.Version}}"], { allowFailure: true })).stdout.trim();
  const tests = existsSync(files.vitestResults) ? (JSON.parse(readFileSync(files.vitestResults, "utf8")) as { numPassedTests: number; numFailedTests: number }) : undefined;
  const finished = await progress.phase("summary and report", () =>
    finishRun(
      env,
      slo,
      { started, finished: new Date().toISOString(), engine: env.engine, rootless: caps?.rootless.available ?? env.engine === "rootless", profile: target.profile.name, runId: env.runId, composeFile: target.composeFile, podman: podmanVersion, tests },
      environmentInfo({ engine: env.engine, podmanVersion, capabilities: caps, profile: target.profile.name, runId: env.runId }),
      (l) => console.log(l),
    ),
  );
  const docker = dockerodeFor(session.target);
  const baseline = await recordRunBaseline({
    runId: env.runId,
    metricsFile: files.metrics,
    historyFile: baselineHistoryFile(env.reportsDir),
    machine: localMachineClass(await describeEngine(docker, env.engine)),
    slo,
  });
  console.log(baselineTableText(baseline.comparison));
  for (const r of baseline.comparison.regressions) progress.line(`REGRESSION ${r.id}: ${r.value} vs baseline ${r.baseline} (${Math.round((r.worseBy ?? 0) * 100)} % worse)`);
  const testsOk = vitest.code === 0;
  progress.line(`tests: ${tests?.numPassedTests ?? 0} passed, ${tests?.numFailedTests ?? 0} failed; gate: ${finished.gatePassed ? "PASS" : "FAIL"}`);
  process.exit(vitest.signal ? 130 : testsOk && finished.gatePassed ? 0 : 1);
} catch (err) {
  reportFatal("validate", err);
}

// npm run test:controls: every negative control against the target (or --only a,b / --rotate N),
// a matrix of variant, catching check and verdict, and a closing totals line.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pinRun, readEnv, readVariables } from "../harness/config/env.ts";
import { prepareRun } from "../harness/engine/prepare.ts";
import { openEngineSession, reapWithLog } from "../harness/engine/engine-session.ts";
import { resolveTarget } from "../harness/stack/target.ts";
import { sloFor } from "../harness/slo/resolve-slo.ts";
import { referenceControls } from "../harness/controls/catalogue.ts";
import { renderMatrix, rotatingSubset, runControls } from "../harness/controls/run-controls.ts";
import { PhaseLog } from "../harness/util/phase-log.ts";
import { reportFatal } from "../harness/util/fatal.ts";

const argv = process.argv.slice(2);
const arg = (name: string) => argv[argv.indexOf(`--${name}`) + 1];
const env = readEnv();
pinRun(env);
const progress = new PhaseLog("controls");
try {
  await prepareRun(env, (l) => progress.line(l));
  const target = await resolveTarget(env, argv);
  const session = openEngineSession(env);
  await reapWithLog(session, { kind: "orphans" }, (l) => progress.line(l));
  let controls = referenceControls;
  if (argv.includes("--only")) controls = controls.filter((c) => (arg("only") ?? "").split(",").includes(c.id));
  if (argv.includes("--rotate")) controls = rotatingSubset(controls, Number(arg("rotate")), Math.floor(Date.now() / 86_400_000));
  if (controls.length === 0) throw new Error(`no control selected; ids: ${referenceControls.map((c) => c.id).join(", ")}`);
  const results = await progress.phase(`${controls.length} negative controls`, () =>
    runControls(controls, { session, profile: target.profile, slo: sloFor(target.profile, env), composeFile: target.composeFile, variables: readVariables(), log: (l) => progress.line(l) }),
  );
  await reapWithLog(session, { kind: "run", runId: env.runId }, (l) => progress.line(l));
  mkdirSync(env.reportsDir, { recursive: true });
  writeFileSync(join(env.reportsDir, "controls.json"), JSON.stringify(results, null, 2));
  console.log(renderMatrix(results));
  process.exit(results.every((r) => r.caught && !r.falsePositive) ? 0 : 1);
} catch (err) {
  reportFatal("test:controls", err);
}

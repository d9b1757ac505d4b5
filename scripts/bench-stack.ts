// Benchmark (not a test): the target stack's start-to-all-healthy and teardown over a few cold starts,
// each run printed, then the medians against the SLO. Usage: npx tsx scripts/bench-stack.ts [--runs 5]
import { readEnv, readVariables } from "../harness/config/env.ts";
import { openEngineSession } from "../harness/engine/engine-session.ts";
import { resolveTarget } from "../harness/stack/target.ts";
import { launchStack } from "../harness/stack/launcher/launch-stack.ts";
import type { StartedStack } from "../harness/stack/launcher/started-stack.ts";
import { capabilitiesFor, sloFor } from "../suites/support/target-context.ts";
import { reportFatal } from "../harness/util/fatal.ts";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
if (!Number.isInteger(runs) || runs < 1) reportFatal("bench-stack", `--runs must be a positive integer, got ${process.argv[runsArg + 1]}`);

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const sec = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

let current: StartedStack | undefined;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void (current?.down() ?? Promise.resolve()).finally(() => process.exit(130));
  });
}

try {
  const env = readEnv();
  const session = openEngineSession(env);
  const target = await resolveTarget(env, process.argv.slice(2).filter((a, i, all) => a !== "--runs" && all[i - 1] !== "--runs"));
  const slo = sloFor(target.profile);
  const caps = await capabilitiesFor(env, session);
  const variables = readVariables();
  const healthy: number[] = [];
  const teardown: number[] = [];
  console.log(`bench-stack: ${target.composeFile}, ${runs} cold starts on the ${session.target.kind} engine (images cached)`);
  for (let run = 1; run <= runs; run++) {
    const t0 = Date.now();
    current = await launchStack({ session, composeFile: target.composeFile, profile: target.profile, variables, memoryLimitsEnforced: caps.memoryLimits.available, instance: `bench${run}` });
    const healthyMs = Date.now() - t0;
    const imagesMs = current.timings.imagesMs;
    const perService = Object.entries(current.timings.perService).map(([s, ms]) => `${s} ${sec(ms)}`).join(", ");
    const { durationMs } = await current.down();
    current = undefined;
    healthy.push(healthyMs);
    teardown.push(durationMs);
    console.log(`run ${run}: start-to-all-healthy ${sec(healthyMs)} (image checks ${sec(imagesMs)}; ${perService}); teardown ${sec(durationMs)}`);
  }
  console.log(`median start-to-all-healthy ${sec(median(healthy))} (SLO stackHealthyMs ${sec(slo.stackHealthyMs)}), max ${sec(Math.max(...healthy))}`);
  console.log(`median teardown ${sec(median(teardown))} (SLO teardownMs ${sec(slo.teardownMs)}), max ${sec(Math.max(...teardown))}`);
} catch (err) {
  await current?.down().catch(() => undefined);
  reportFatal("bench-stack", err);
}

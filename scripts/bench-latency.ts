// npx tsx scripts/bench-latency.ts [--runs 3] [--requests 100]
// Cross-checks the suite's inference latency against an independent tool (wrk) on the same endpoint,
// same request, same concurrency: starts its own stack, alternates the two tools over several runs,
// prints both p50s and their ratio, and exits 1 when the median ratio is off by more than 10%.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { pinRun, readEnv, readVariables } from "../harness/config/env.ts";
import { prepareRun } from "../harness/engine/prepare.ts";
import { openEngineSession, reapWithLog } from "../harness/engine/engine-session.ts";
import { resolveTarget } from "../harness/stack/target.ts";
import { launchStack } from "../harness/stack/launcher/launch-stack.ts";
import { sloFor } from "../harness/slo/resolve-slo.ts";
import { runLoad } from "../harness/load/run-load.ts";
import { reportFatal } from "../harness/util/fatal.ts";
import { calibratedInferenceRequest, inferenceUrl } from "../suites/latency-inference-request.ts";

const run = promisify(execFile);
const agreementRatio = 0.1;

function option(name: string, fallback: number): number {
  const index = process.argv.indexOf(`--${name}`);
  const value = index === -1 ? fallback : Number(process.argv[index + 1]);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a positive integer`);
  return value;
}

async function requireWrk(): Promise<void> {
  try {
    await run("wrk", ["--version"]).catch((error: { stdout?: string; code?: unknown }) => {
      // wrk --version prints its banner and exits 1
      if (typeof error.stdout === "string" && error.stdout.includes("wrk")) return;
      throw error;
    });
  } catch {
    console.error("bench-latency: wrk is not installed. Install it with:\n  apt-get install -y wrk");
    process.exit(2);
  }
}

function luaString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** wrk --latency prints "50%  123.45ms" lines; units us, ms or s. */
function parseWrkPercentileMs(output: string, percentile: number): number {
  const match = new RegExp(`^\\s*${percentile}(?:\\.0+)?%\\s+([0-9.]+)(us|ms|s)\\s*$`, "m").exec(output);
  if (match === null) throw new Error(`no ${percentile}% line in wrk output:\n${output}`);
  const factor = { us: 0.001, ms: 1, s: 1000 }[match[2] as "us" | "ms" | "s"];
  return Number(match[1]) * factor;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const env = readEnv();
pinRun(env);
const log = (line: string) => console.log(line);
const runs = option("runs", 3);
const requests = option("requests", 100);
await requireWrk();
let exitCode = 0;
try {
  await prepareRun(env, log);
  const session = openEngineSession(env);
  const target = await resolveTarget(env);
  const slo = sloFor(target.profile);
  const stack = await launchStack({ session, composeFile: target.composeFile, profile: target.profile, variables: readVariables(), log, instance: "bench" });
  const dir = mkdtempSync(join(tmpdir(), "bench-latency-"));
  try {
    const { url, path } = inferenceUrl(stack, target.profile);
    const request = await calibratedInferenceRequest(url, path, slo.clientTimeoutMs);
    const body = JSON.stringify(request.body);
    const script = join(dir, "post.lua");
    writeFileSync(script, `wrk.method = "POST"\nwrk.body = ${luaString(body)}\nwrk.headers["Content-Type"] = "application/json"\n`);
    const connections = slo.nominalConcurrency;
    log(`endpoint ${url}, ${connections} connections, prompt ${request.promptTokens ?? "?"} tokens, ${request.predictedTokens ?? "?"} generated`);
    // warm-up, so neither tool pays for a cold model
    await runLoad({ target: { url, body: request.body }, mode: { kind: "closed", connections, amount: connections * 4 }, timeoutMs: slo.clientTimeoutMs });

    const suiteP50 = async () => {
      const result = await runLoad({ target: { url, body: request.body }, mode: { kind: "closed", connections, amount: requests }, timeoutMs: slo.clientTimeoutMs, maxDurationMs: slo.loadDurationMs * 2 });
      if (result.errors.total > 0) throw new Error(`suite load had ${result.errors.total} errors: ${JSON.stringify(result.errors)}`);
      return { p50Ms: result.latency.p50Ms!, perSec: result.throughputPerSec };
    };
    const wrkP50 = async (perSec: number) => {
      // wrk runs for a duration: size it to about the same number of requests as the suite's run
      const seconds = Math.max(2, Math.round(requests / Math.max(perSec, 0.1)));
      const { stdout } = await run("wrk", ["-t1", `-c${connections}`, `-d${seconds}s`, `--timeout`, `${Math.ceil(slo.clientTimeoutMs / 1000)}s`, "--latency", "-s", script, url], { timeout: (seconds + 30) * 1000 });
      if (/Non-2xx|Socket errors/.test(stdout)) throw new Error(`wrk saw errors:\n${stdout}`);
      return parseWrkPercentileMs(stdout, 50);
    };

    const ratios: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      // alternate which tool goes first, so a drifting machine does not favour one of them
      let suite: { p50Ms: number; perSec: number };
      let wrk: number;
      if (i % 2 === 0) {
        suite = await suiteP50();
        wrk = await wrkP50(suite.perSec);
      } else {
        const probe = await runLoad({ target: { url, body: request.body }, mode: { kind: "closed", connections, amount: connections * 4 }, timeoutMs: slo.clientTimeoutMs });
        wrk = await wrkP50(probe.throughputPerSec);
        suite = await suiteP50();
      }
      const ratio = suite.p50Ms / wrk;
      ratios.push(ratio);
      log(`run ${i + 1}: suite p50 ${suite.p50Ms.toFixed(2)} ms, wrk p50 ${wrk.toFixed(2)} ms, ratio ${ratio.toFixed(3)} ${Math.abs(ratio - 1) <= agreementRatio ? "ok" : "DISAGREE"}`);
    }
    const overall = median(ratios);
    const agrees = Math.abs(overall - 1) <= agreementRatio;
    log(`median ratio suite/wrk ${overall.toFixed(3)} over ${runs} runs: ${agrees ? "agree" : "DISAGREE"} (within ${agreementRatio * 100}%)`);
    if (!agrees) exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await stack.down();
    await reapWithLog(session, { kind: "run", runId: env.runId }, log).catch(() => undefined);
  }
} catch (error) {
  reportFatal("bench-latency", error);
}
process.exit(exitCode);

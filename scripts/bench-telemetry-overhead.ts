// npx tsx scripts/bench-telemetry-overhead.ts [--pairs 3] [--run-ms 8000] [--idle-ms 10000] [--tmpfs auto|exec] [--interval-ms 1000]
// Does sampling disturb what it watches? Launches a private stack, then measures inference latency at
// nominal concurrency in alternating runs without and with the sampler (ABBA order against drift),
// and reports the medians of p50/p95 per mode, the sampler's per-tick wall time and its CPU cost.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { setTimeout as measuringWindow } from "node:timers/promises";
import { join } from "node:path";
import { readEnv, readVariables } from "../harness/config/env.ts";
import { openEngineSession } from "../harness/engine/engine-session.ts";
import { prepareRun } from "../harness/engine/prepare.ts";
import { runLoad } from "../harness/load/run-load.ts";
import { sloFor } from "../harness/slo/resolve-slo.ts";
import { launchStack } from "../harness/stack/launcher/launch-stack.ts";
import { resolveTarget } from "../harness/stack/target.ts";
import { summarizeTelemetry } from "../harness/telemetry/findings.ts";
import { startSampler } from "../harness/telemetry/sampler.ts";
import { renderTelemetryPlots } from "../harness/telemetry/telemetry-plots.ts";
import type { TelemetrySeries } from "../harness/telemetry/telemetry-series.ts";
import { reportFatal } from "../harness/util/fatal.ts";

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

/** CPU ms used so far by the engine's API service processes serving `socketPath` (0 when not visible). */
function engineServiceCpuMs(socketPath: string | undefined): number {
  if (socketPath === undefined) return 0;
  let total = 0;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
      if (!cmdline.includes("service") || !cmdline.some((arg) => arg.includes(socketPath))) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      total += ((Number(fields[11]) || 0) + (Number(fields[12]) || 0)) * 10;
    } catch {
      // the process ended while we looked
    }
  }
  return total;
}

interface RunResult {
  mode: "off" | "on";
  p50Ms: number;
  p95Ms: number;
  requests: number;
  errors: number;
  cpuMsPerSec: number;
  ticks?: number[];
}

const env = readEnv();
const log = (line: string) => console.log(line);
try {
  const pairs = Number(option("pairs", "3"));
  const runMs = Number(option("run-ms", "8000"));
  const tmpfsMethod = option("tmpfs", "auto") === "exec" ? "exec" : "auto";
  const idleMs = Number(option("idle-ms", "10000"));
  const intervalMs = Number(option("interval-ms", "1000"));
  await prepareRun(env, log);
  const session = openEngineSession(env);
  const target = await resolveTarget(env);
  const slo = sloFor(target.profile, env);
  const stack = await launchStack({ session, composeFile: target.composeFile, profile: target.profile, variables: readVariables(), instance: "bench", log });
  try {
    const endpoint = target.profile.endpoints.inference;
    const url = stack.url(endpoint.service, endpoint.port, endpoint.completionPath);
    const body = { prompt: "The quick brown fox jumps over the lazy dog while tmpfs keeps", n_predict: 16, temperature: 0 };
    const load = () => runLoad({ target: { url, method: "POST", body }, mode: { kind: "closed", connections: slo.nominalConcurrency, durationMs: runMs }, timeoutMs: slo.clientTimeoutMs, maxDurationMs: runMs * 3 });
    await runLoad({ target: { url, method: "POST", body }, mode: { kind: "closed", connections: 1, amount: 10 }, timeoutMs: slo.clientTimeoutMs });
    // the sampler's own cost, without load: this process's CPU and the engine service's, per tick
    const socketPath = (stack.docker.modem as { socketPath?: string }).socketPath;
    const idleWindow = async (withSampler: boolean) => {
      const sampler = withSampler ? startSampler(stack, target.profile, { tmpfsMethod, intervalMs }) : undefined;
      const cpu0 = process.cpuUsage();
      const engine0 = engineServiceCpuMs(socketPath);
      await measuringWindow(idleMs);
      const cpu = process.cpuUsage(cpu0);
      const engineMs = engineServiceCpuMs(socketPath) - engine0;
      const series = await sampler?.stop();
      return { clientMs: (cpu.user + cpu.system) / 1000, engineMs, ticks: series?.ticks ?? [] };
    };
    const idleOff = await idleWindow(false);
    const idleOn = await idleWindow(true);
    const idleTicks = idleOn.ticks.length;
    const perTick = {
      ticks: idleTicks,
      wallMsMedian: median(idleOn.ticks.map((tick) => tick.durationMs)),
      clientCpuMs: (idleOn.clientMs - idleOff.clientMs) / idleTicks,
      engineCpuMs: (idleOn.engineMs - idleOff.engineMs) / idleTicks,
    };
    log(`idle sampler (${idleMs / 1000} s, ${idleTicks} ticks): tick wall median ${perTick.wallMsMedian} ms, CPU per tick: this process ${perTick.clientCpuMs.toFixed(1)} ms, engine API service ${perTick.engineCpuMs.toFixed(1)} ms (meaningful only when no other run shares the engine)`);
    const order: ("off" | "on")[] = Array.from({ length: pairs }, (_, i) => (i % 2 === 0 ? ["off", "on"] : ["on", "off"]) as ("off" | "on")[]).flat();
    const results: RunResult[] = [];
    let lastSeries: TelemetrySeries | undefined;
    for (const mode of order) {
      const sampler = mode === "on" ? startSampler(stack, target.profile, { tmpfsMethod, intervalMs }) : undefined;
      const cpuBefore = process.cpuUsage();
      const startedMs = Date.now();
      const result = await load();
      const cpu = process.cpuUsage(cpuBefore);
      const series = await sampler?.stop();
      if (series) lastSeries = series;
      const run: RunResult = {
        mode,
        p50Ms: result.latency.p50Ms ?? NaN,
        p95Ms: result.latency.p95Ms ?? NaN,
        requests: result.latency.count,
        errors: result.errors.total,
        cpuMsPerSec: (cpu.user + cpu.system) / 1000 / ((Date.now() - startedMs) / 1000),
        ...(series ? { ticks: series.ticks.map((tick) => tick.durationMs) } : {}),
      };
      results.push(run);
      log(`${mode.padEnd(3)} p50 ${run.p50Ms.toFixed(1)} ms  p95 ${run.p95Ms.toFixed(1)} ms  ${run.requests} requests, ${run.errors} errors${series ? `, ${series.ticks.length} ticks, tick median ${median(run.ticks!)} ms` : ""}`);
    }
    const of = (mode: "off" | "on") => results.filter((run) => run.mode === mode);
    const ticks = of("on").flatMap((run) => run.ticks ?? []);
    const summary = {
      runs: results.length,
      runMs,
      connections: slo.nominalConcurrency,
      tmpfsMethod: lastSeries?.tmpfsMethod,
      off: { p50MsMedian: median(of("off").map((r) => r.p50Ms)), p95MsMedian: median(of("off").map((r) => r.p95Ms)) },
      on: { p50MsMedian: median(of("on").map((r) => r.p50Ms)), p95MsMedian: median(of("on").map((r) => r.p95Ms)) },
      tickMs: { median: median(ticks), p95: quantile(ticks, 0.95), max: Math.max(...ticks), count: ticks.length },
      idlePerTick: perTick,
      results,
    };
    log(
      `\ninference latency, median over ${pairs} runs per mode (${runMs / 1000} s each, ${slo.nominalConcurrency} connections):\n` +
        `  without sampler: p50 ${summary.off.p50MsMedian.toFixed(1)} ms, p95 ${summary.off.p95MsMedian.toFixed(1)} ms\n` +
        `  with sampler:    p50 ${summary.on.p50MsMedian.toFixed(1)} ms, p95 ${summary.on.p95MsMedian.toFixed(1)} ms\n` +
        `  change: p50 ${(summary.on.p50MsMedian - summary.off.p50MsMedian).toFixed(1)} ms, p95 ${(summary.on.p95MsMedian - summary.off.p95MsMedian).toFixed(1)} ms\n` +
        `sampler tick (${summary.tickMs.count} ticks, tmpfs via ${summary.tmpfsMethod}): median ${summary.tickMs.median} ms, p95 ${summary.tickMs.p95} ms, max ${summary.tickMs.max} ms under load`,
    );
    const outDir = join(env.reportsDir, "bench");
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, `telemetry-overhead-${tmpfsMethod}.json`), JSON.stringify(summary, null, 2));
    if (lastSeries) {
      for (const plot of renderTelemetryPlots(lastSeries, { thresholds: slo })) writeFileSync(join(outDir, `${plot.name}.svg`), plot.svg);
      log(`last sampled run: ${JSON.stringify({ ...summarizeTelemetry(lastSeries), restarts: undefined })}`);
    }
    log(`written ${join(outDir, `telemetry-overhead-${tmpfsMethod}.json`)}`);
  } finally {
    await stack.down();
  }
} catch (error) {
  reportFatal("telemetry overhead bench", error);
}

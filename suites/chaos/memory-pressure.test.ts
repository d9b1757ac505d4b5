// Memory pressure on the rootless stack (tmpfs is RAM): every service's tmpfs filled to ENOSPC under a
// light query load, the tmpfs sizing table, and a bounded host-level memory+CPU hog beside the stack.
// One stack for the file (Redis with AOF so a full /data has something to refuse); each test restores it.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEnv, readVariables } from "../../harness/config/env.ts";
import { launchStack } from "../../harness/stack/launcher/launch-stack.ts";
import type { StartedStack } from "../../harness/stack/launcher/started-stack.ts";
import { composeFileOf } from "../../harness/stack/profile.ts";
import { runLoad } from "../../harness/load/run-load.ts";
import { connectRedis, waitRedisReady } from "../../harness/redis-loss/redis-admin.ts";
import { observe, sendQuery, type QuerySample } from "../../harness/redis-loss/api-observer.ts";
import { fillTmpfs, removeFill, serviceUser, tmpfsTargets } from "../../harness/memory/tmpfs-usage.ts";
import { overCommitted, sizingMarkdown, sizingRows } from "../../harness/memory/tmpfs-sizing.ts";
import { startHostHog } from "../../harness/memory/host-hog.ts";
import { waitUntil } from "../../harness/util/wait-until.ts";
import { stackTest } from "../support/stack-fixture.ts";
import { watchStack } from "../../harness/telemetry/stack-telemetry.ts";

const test = stackTest.extend<{ pressureStack: StartedStack; pressureTelemetry: void }>({
  pressureStack: [
    async ({ engine, profile, capabilities }, use) => {
      const variables = { ...readVariables(), ...(profile.persistence ? { [profile.persistence.variable]: "aof-everysec" } : {}) };
      const stack = await launchStack({ session: engine, composeFile: composeFileOf(profile), profile, variables, instance: "mem", memoryLimitsEnforced: capabilities.memoryLimits.available });
      try {
        await use(stack);
      } finally {
        await stack.down();
      }
    },
    { scope: "file" },
  ],
  // each test's own telemetry (fills and hogs are deliberate: plotted and listed, not gated)
  pressureTelemetry: [
    async ({ pressureStack, profile, slo }, use) => {
      const telemetry = watchStack(pressureStack, profile, { slo, finishOnDown: false, label: "telemetry" });
      await use();
      await telemetry.finish();
    },
    { auto: true },
  ],
});

function writeReport(name: string, md: string, json: unknown): void {
  const dir = readEnv().reportsDir;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.md`), md);
  writeFileSync(join(dir, `${name}.json`), JSON.stringify(json, null, 2));
}

test("tmpfs sizes and working sets against memory limits, per service", async ({ pressureStack: stack, capabilities, slo }) => {
  await allure.epic("chaos");
  await allure.feature("memory pressure");
  const rows = await sizingRows(stack, [...stack.services.keys()]);
  const md = `${sizingMarkdown(rows)}\nMemory limits enforced on this engine: ${capabilities.memoryLimits.available} (${capabilities.memoryLimits.detail}).\n`;
  writeReport("tmpfs-sizing", md, { engine: capabilities.engine, memoryLimits: capabilities.memoryLimits, rows });
  await allure.attachment("tmpfs-sizing.md", md, "text/markdown");
  await allure.attachment("tmpfs-sizing.json", JSON.stringify(rows, null, 2), "application/json");
  for (const r of rows) expect.soft(r.tmpfs.every((t) => t.sizeBytes > 0), `${r.service}: every tmpfs has a size`).toBe(true);
  expect(overCommitted(rows, slo.memoryUsedRatioMax), `services whose full tmpfs mounts plus resident set pass memoryUsedRatioMax (${slo.memoryUsedRatioMax}) of the limit`).toEqual([]);
});

interface FillRow {
  service: string;
  path: string;
  enospc: boolean;
  fillMessage: string;
  healthyWhileFull: boolean;
  redisWriteWhileFull: string | null;
  reported: string | null;
  healthyAfterMs: number | null;
}

test("each service's tmpfs filled to ENOSPC: it keeps answering or degrades, reports it, recovers", async ({ pressureStack: stack, profile, slo, audit }) => {
  await allure.epic("chaos");
  await allure.feature("memory pressure");
  const { gateway, api, redis: redisEp, crawler } = profile.endpoints;
  const key = readFileSync(stack.model.secrets[profile.credentials.apiKeySecret]!.file!, "utf8").trim();
  const queryUrl = gateway ? stack.url(gateway.service, gateway.port, `${gateway.apiPrefix}${api.queryPath}`) : stack.url(api.service, api.port, api.queryPath);
  const app = connectRedis(stack, profile, "app");
  await waitRedisReady(app, slo.recoveryMs);
  const load = observe(() => sendQuery(queryUrl, key, "what is tmpfs memory", slo.clientTimeoutMs), 300, 2_000);
  const rows: FillRow[] = [];
  try {
    for (const service of stack.services.keys()) {
      for (const path of tmpfsTargets(stack, service)) {
        const user = serviceUser(stack, service);
        const fillStartMs = Date.now();
        const fill = await fillTmpfs(stack, service, path, user);
        await audit.append("tmpfs-fill", `${stack.prefix}/${service}:${path}`, fill.enospc ? "ok" : "fail", fill.message);
        let redisWriteWhileFull: string | null = null;
        let reported: string | null = null;
        try {
          if (service === redisEp.service && path === profile.persistence?.dataPath) {
            const refusal = async (): Promise<string | false> => {
              try {
                await app.set("xnai:fill-probe", String(Date.now()));
                return false;
              } catch (error) {
                return (error as Error).message;
              }
            };
            redisWriteWhileFull = await waitUntil(refusal, { timeoutMs: slo.recoveryMs, intervalMs: 100, what: "Redis to refuse writes on a full /data" }).catch(() => "accepted");
            const logLine = async () => (await stack.logs(service, 100)).split("\n").find((l) => /No space left|MISCONF|Error writing|Short write|write error/i.test(l));
            reported = await waitUntil(logLine, { timeoutMs: slo.recoveryMs, intervalMs: 200, what: "Redis to log the full disk" }).catch(() => null);
          }
          const dirField = crawler && service === crawler.service ? crawlerDirField(stack, service, path) : undefined;
          if (crawler && dirField) {
            const url = stack.url(crawler.service, crawler.port, crawler.healthPath);
            reported = await waitUntil(
              async () => {
                const h = (await (await fetch(url, { signal: AbortSignal.timeout(slo.clientTimeoutMs) })).json()) as Record<string, string>;
                return h.status === "degraded" && h[dirField] !== "ok" ? `${h.status}: ${dirField} ${h[dirField]}` : false;
              },
              { timeoutMs: slo.recoveryMs, intervalMs: 200, what: "the crawler to report its full tmpfs" },
            ).catch(() => null);
          }
        } finally {
          const healthyWhileFull = await stack.healthy(service);
          await removeFill(stack, service, path, user);
          stack.disturbances.mark(`fill ${service}:${path}`, fillStartMs);
          const t0 = Date.now();
          const back = await waitUntil(() => stack.healthy(service), { timeoutMs: slo.recoveryMs, intervalMs: 100, what: `${service} healthy after the fill is removed` }).then(() => Date.now() - t0, () => null);
          rows.push({ service, path, enospc: fill.enospc, fillMessage: fill.message, healthyWhileFull, redisWriteWhileFull, reported, healthyAfterMs: back });
        }
      }
    }
    const redisWritable = await waitUntil(() => app.set("xnai:fill-probe", "after").then(() => true), { timeoutMs: slo.recoveryMs, intervalMs: 100, what: "Redis to accept writes after /data is freed" }).catch(() => false);
    const queries = await load.stop();
    const statuses = countStatuses(queries);
    const md = fillMarkdown(rows, statuses);
    writeReport("tmpfs-fill", md, { rows, statuses });
    await allure.attachment("tmpfs-fill.md", md, "text/markdown");

    for (const r of rows) {
      expect.soft(r.enospc, `${r.service}:${r.path} filled to ENOSPC as ${serviceUser(stack, r.service) ?? "the image user"}`).toBe(true);
      expect.soft(r.healthyAfterMs, `${r.service} healthy again within recoveryMs after ${r.path} is freed`).not.toBeNull();
    }
    const redisData = rows.find((r) => r.service === redisEp.service && r.path === profile.persistence?.dataPath);
    if (redisData) {
      expect.soft(redisData.redisWriteWhileFull, "Redis refuses writes on a full /data (MISCONF or a write error)").toMatch(/MISCONF|error|space/i);
      expect.soft(redisData.reported, "Redis logs the full disk").not.toBeNull();
    }
    // The crawler writes its cache dir on every pass, its log dir only when it has something to log: only
    // the first is bound to be noticed within the window (the table shows the other as it was).
    const cacheDir = crawler ? stack.model.services[crawler.service]?.environment.find((e) => e.name === "CACHE_DIR")?.value : undefined;
    if (crawler && cacheDir) expect.soft(rows.find((r) => r.service === crawler.service && r.path === cacheDir)?.reported, "the crawler reports its full cache dir as degraded").toMatch(/degraded/);
    expect.soft(redisWritable, "Redis accepts writes again once /data is freed").toBe(true);
    expect.soft(statuses["500"] ?? 0, "no 500 through the gateway while tmpfs mounts are full").toBe(0);
  } finally {
    await load.stop();
    app.disconnect();
  }
});

/** The reference crawler reports CACHE_DIR and LOG_DIR as cache_dir and log_dir in its /health. */
function crawlerDirField(stack: StartedStack, service: string, path: string): string | undefined {
  const env = stack.model.services[service]?.environment ?? [];
  if (env.find((e) => e.name === "CACHE_DIR")?.value === path) return "cache_dir";
  if (env.find((e) => e.name === "LOG_DIR")?.value === path) return "log_dir";
  return undefined;
}

function countStatuses(queries: readonly QuerySample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of queries) out[String(q.httpStatus ?? q.errorCode)] = (out[String(q.httpStatus ?? q.errorCode)] ?? 0) + 1;
  return out;
}

function fillMarkdown(rows: readonly FillRow[], statuses: Record<string, number>): string {
  const lines = ["## tmpfs filled to ENOSPC", "", "| service | tmpfs | ENOSPC | healthy while full | Redis write while full | reported | healthy after removal ms |", "| --- | --- | --- | --- | --- | --- | ---: |"];
  for (const r of rows) {
    const cell = (s: string | null) => (s === null ? "-" : s.replace(/\|/g, "/").slice(0, 90));
    lines.push(`| ${r.service} | ${r.path} | ${r.enospc} | ${r.healthyWhileFull} | ${cell(r.redisWriteWhileFull)} | ${cell(r.reported)} | ${r.healthyAfterMs ?? "not recovered"} |`);
  }
  lines.push("", `Gateway query statuses during the fills: ${JSON.stringify(statuses)}`);
  return `${lines.join("\n")}\n`;
}

test("a bounded host memory+CPU hog beside the stack: inference latency against a baseline under the same load", async ({ pressureStack: stack, engine, profile, slo, metrics }) => {
  await allure.epic("chaos");
  await allure.feature("memory pressure");
  const inf = profile.endpoints.inference;
  const target = { url: stack.url(inf.service, inf.port, inf.completionPath), body: { prompt: "The quick brown fox jumps over ", n_predict: 8 } };
  const load = () => runLoad({ target, mode: { kind: "closed", connections: slo.nominalConcurrency, amount: 30 }, timeoutMs: slo.clientTimeoutMs, maxDurationMs: 30_000 });
  const baseline = await load();
  const hog = await startHostHog(engine, { vmBytes: 1024 ** 3, cpuWorkers: 1, timeoutS: 40, name: `${stack.prefix}-host-hog` });
  let pressured;
  try {
    await waitUntil(async () => (await hog.container.inspect()).State.Running, { timeoutMs: 10_000, what: "the host hog running" });
    pressured = await load();
  } finally {
    await hog.remove();
  }
  const ratio = (pressured.latency.p95Ms ?? NaN) / (baseline.latency.p95Ms ?? NaN);
  const summary = { baseline: { latency: baseline.latency, errors: baseline.errors }, underHog: { latency: pressured.latency, errors: pressured.errors }, p95Ratio: ratio };
  writeReport("host-pressure", `p95 ${baseline.latency.p95Ms} ms without, ${pressured.latency.p95Ms} ms with the hog (ratio ${ratio.toFixed(2)})\n`, summary);
  await allure.attachment("host-pressure.json", JSON.stringify(summary, null, 2), "application/json");
  if (Number.isFinite(ratio)) await metrics.record("memory.host_pressure_p95_ratio", ratio, `p95 ${baseline.latency.p95Ms} ms -> ${pressured.latency.p95Ms} ms under a 1 GiB + 1 CPU hog`);
  else await metrics.notRun("memory.host_pressure_p95_ratio", "no successful responses to compare");
  expect.soft(baseline.errors.total, "baseline without errors").toBe(0);
  expect.soft(pressured.errors.total, "no errors under the host hog").toBe(0);
  expect(pressured.latency.count).toBeGreaterThan(0);
});

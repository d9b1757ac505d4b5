// A wiped Redis while the crawler runs: FLUSHALL (as admin) and a fresh tmpfs (a container restart with
// the shipped data-on-tmpfs). The crawler must re-ingest: its /health count and the documents really in
// Redis both return to the corpus size within the SLO's redisWipeReingestMs.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import type { StartedStack } from "../../harness/stack/launcher/started-stack.ts";
import { composeFileOf, type StackProfile } from "../../harness/stack/profile.ts";
import { loadCompose } from "../../harness/stack/compose/index.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEnv, readVariables } from "../../harness/config/env.ts";
import type { Slo } from "../../harness/slo/slo.ts";
import { connectRedis, waitRedisReady } from "../../harness/redis-loss/redis-admin.ts";
import { observe } from "../../harness/redis-loss/api-observer.ts";
import { defaultDocKeyPrefix, reingestConvergence, sampleCrawler, type Convergence, type CrawlerSample } from "../../harness/redis-loss/reingest-watch.ts";
import { waitUntil } from "../../harness/util/wait-until.ts";
import { stackTest as test } from "../support/stack-fixture.ts";

type Wipe = "flushall" | "fresh-tmpfs";

async function wipeAndWatch(stack: StartedStack, profile: StackProfile, slo: Slo, wipe: Wipe, total: number): Promise<Convergence & { wipe: Wipe; samples: CrawlerSample[] }> {
  const crawler = profile.endpoints.crawler!;
  const redisService = profile.endpoints.redis.service;
  const admin = connectRedis(stack, profile, "admin");
  const reader = connectRedis(stack, profile, "admin", 2_000);
  try {
    await waitRedisReady(admin, slo.recoveryMs);
    await waitRedisReady(reader, slo.recoveryMs);
    const watch = observe(() => sampleCrawler(stack.url(crawler.service, crawler.port, crawler.healthPath), reader, defaultDocKeyPrefix, slo.clientTimeoutMs), 200, 400);
    const wipeAtMs = Date.now();
    if (wipe === "flushall") await admin.flushall();
    else await stack.restart(redisService, 10);
    try {
      await waitUntil(() => reingestConvergence(watch.samples, wipeAtMs, total).convergedAtMs !== null, { timeoutMs: slo.redisWipeReingestMs, intervalMs: 100, what: `the crawler to re-ingest ${total} documents after ${wipe}` });
    } catch {
      // judged below from the samples, so the report shows how far it got
    }
    const samples = await watch.stop();
    return { wipe, samples, ...reingestConvergence(samples, wipeAtMs, total) };
  } finally {
    admin.disconnect();
    reader.disconnect();
  }
}

test("a wiped Redis (FLUSHALL, fresh tmpfs) is re-ingested by the crawler within the SLO", async ({ launch, profile, slo, metrics, audit }) => {
  await allure.epic("chaos");
  await allure.feature("redis loss");
  const crawler = profile.endpoints.crawler;
  if (!crawler) {
    await metrics.notRun("redis_loss.reingest_ms", `profile ${profile.name} has no crawler endpoint`);
    return;
  }
  const keep = new Set([profile.endpoints.redis.service, crawler.service]);
  // Redis and the crawler alone: nothing else takes part, and inference is the slowest service to start.
  const base = loadCompose(composeFileOf(profile), { mode: "strict", variables: readVariables() });
  const others = Object.keys(base.services).filter((s) => !keep.has(s));
  const stack = await launch({ instance: "wipe", override: { services: Object.fromEntries(others.map((s) => [s, null])) } });
  const url = stack.url(crawler.service, crawler.port, crawler.healthPath);
  const ready = await waitUntil(
    async () => {
      const h = (await (await fetch(url, { signal: AbortSignal.timeout(slo.clientTimeoutMs) })).json()) as { status: string; ingested: number; total: number };
      return h.status === "ready" && h.ingested === h.total ? h : false;
    },
    { timeoutMs: slo.stackHealthyMs + slo.redisWipeReingestMs, intervalMs: 200, what: "the crawler's first full ingest" },
  );
  const results = [];
  for (const wipe of ["flushall", "fresh-tmpfs"] as const) {
    const r = await wipeAndWatch(stack, profile, slo, wipe, ready.total);
    await audit.append(`redis-${wipe}`, `${stack.prefix}/${profile.endpoints.redis.service}`, "ok", `re-ingest ${r.reingestMs ?? "never"} ms`);
    results.push(r);
  }
  const table = results.map((r) => ({ wipe: r.wipe, wipeSeen: r.wipeSeen, reingestMs: r.reingestMs, samples: r.samples.length, last: r.samples.at(-1) }));
  const report = JSON.stringify({ total: ready.total, results: table, samples: results.map((r) => r.samples) }, null, 2);
  mkdirSync(readEnv().reportsDir, { recursive: true });
  writeFileSync(join(readEnv().reportsDir, "redis-wipe-reingest.json"), report);
  await allure.attachment("redis-wipe-reingest.json", report, "application/json");
  const measured = results.map((r) => r.reingestMs ?? slo.redisWipeReingestMs + 1);
  await metrics.record("redis_loss.reingest_ms", Math.max(...measured), results.map((r) => `${r.wipe}: ${r.reingestMs ?? "not converged"} ms`).join("; "));
  for (const r of results) {
    expect.soft(r.wipeSeen, `${r.wipe}: the wipe was observed`).toBe(true);
    expect.soft(r.reingestMs, `${r.wipe}: re-ingested within redisWipeReingestMs`).not.toBeNull();
    expect.soft(r.reingestMs ?? Infinity).toBeLessThanOrEqual(slo.redisWipeReingestMs);
  }
});

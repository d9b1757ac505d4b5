// Redis goes away and comes back empty (its tmpfs is recreated) while the api serves a small steady load
// through the gateway: health says degraded, no 500, the Redis breaker opens and closes, and the
// breaker records mirrored in Redis are rebuilt from the api's in-memory state on its next transition.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEnv } from "../../harness/config/env.ts";
import { parse } from "yaml";
import type { StartedStack } from "../../harness/stack/launcher/started-stack.ts";
import { composeFileOf, type StackProfile } from "../../harness/stack/profile.ts";
import type { Slo } from "../../harness/slo/slo.ts";
import { connectRedis, waitRedisReady } from "../../harness/redis-loss/redis-admin.ts";
import { awaitSample, observe, sampleHealth, sendQuery, type HealthSample, type QuerySample } from "../../harness/redis-loss/api-observer.ts";
import { readBackIds } from "../../harness/redis-loss/acked-writer.ts";
import { startedAt } from "../../harness/redis-loss/container-back.ts";
import { stackTest as test } from "../support/stack-fixture.ts";

interface OutageRun {
  health: HealthSample[];
  queries: QuerySample[];
  /** Queries sent straight to the negative-control api (FAIL_ON_REDIS_DOWN) during the same outage. */
  controlQueries: QuerySample[];
  killAtMs: number;
  openSeenMs: number | null;
  startAtMs: number;
  redisReadyMs: number;
  closedSeenMs: number | null;
  breakerKeysBefore: Record<string, string | null>;
  breakerKeysAfter: Record<string, string | null>;
}

function breakerKeyPrefix(profile: StackProfile): string {
  const layout = profile.breakers.layout;
  if (layout.kind !== "json-per-breaker") throw new Error(`breaker layout ${layout.kind} of profile ${profile.name}: this scenario reads json-per-breaker records only`);
  return layout.keyPrefix;
}

async function breakerRecords(stack: StartedStack, profile: StackProfile): Promise<Record<string, string | null>> {
  const redis = connectRedis(stack, profile, "admin");
  try {
    await waitRedisReady(redis, 5_000);
    const prefix = breakerKeyPrefix(profile);
    const names = await readBackIds(redis, prefix);
    return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await redis.get(`${prefix}${n}`)] as const)));
  } finally {
    redis.disconnect();
  }
}

/** Kills Redis, waits until the api shows its Redis breaker open (or a deadline), starts Redis, waits for closed. */
async function redisOutage(stack: StartedStack, profile: StackProfile, slo: Slo, controlQueryUrl: string): Promise<OutageRun> {
  const { api, gateway, redis } = profile.endpoints;
  if (!gateway) throw new Error(`profile ${profile.name} has no gateway endpoint`);
  const key = readFileSync(stack.model.secrets[profile.credentials.apiKeySecret]!.file!, "utf8").trim();
  const healthUrl = stack.url(api.service, api.port, api.healthPath);
  const queryUrl = stack.url(gateway.service, gateway.port, `${gateway.apiPrefix}${api.queryPath}`);
  const breakerName = profile.breakers.list.find((b) => b.guards === "redis")?.name ?? "redis";
  const client = connectRedis(stack, profile, "admin");
  await waitRedisReady(client, slo.stackHealthyMs);
  // a record before the fault: the api mirrors only on transitions, so seed one it would have written
  await client.set(`${breakerKeyPrefix(profile)}seeded-before-outage`, JSON.stringify({ state: "closed" }));
  client.disconnect();
  const breakerKeysBefore = await breakerRecords(stack, profile);

  const health = observe(() => sampleHealth(healthUrl, slo.clientTimeoutMs), 100, 600);
  const queries = observe(() => sendQuery(queryUrl, key, "what is tmpfs memory", slo.clientTimeoutMs), 250, 240);
  const control = observe(() => sendQuery(controlQueryUrl, key, "what is tmpfs memory", slo.clientTimeoutMs), 250, 240);
  try {
    await awaitSample(queries.samples, 0, (q) => q.httpStatus === 200 && q.degraded === false, slo.stackHealthyMs + slo.recoveryMs, "a non-degraded answer before the fault");
    const before = await startedAt(stack, redis.service);
    const killAtMs = Date.now();
    await stack.kill(redis.service, "SIGKILL");
    const open = await awaitSample(health.samples, killAtMs, (h) => h.redisBreaker === "open", slo.recoveryMs, `the api's ${breakerName} breaker open`).catch(() => null);
    const startAtMs = Date.now();
    if ((await startedAt(stack, redis.service)) === before) await stack.start(redis.service);
    const again = connectRedis(stack, profile, "admin");
    const redisReadyMs = await waitRedisReady(again, slo.recoveryMs).finally(() => again.disconnect());
    const closed = await awaitSample(health.samples, redisReadyMs, (h) => h.redisBreaker === "closed" && h.status === "healthy", slo.recoveryMs, "the breaker closed and health healthy").catch(() => null);
    await awaitSample(queries.samples, redisReadyMs, (q) => q.httpStatus === 200 && q.degraded === false, slo.recoveryMs, "a non-degraded answer after recovery").catch(() => null);
    return {
      health: await health.stop(),
      queries: await queries.stop(),
      controlQueries: await control.stop(),
      killAtMs,
      openSeenMs: open?.atMs ?? null,
      startAtMs,
      redisReadyMs,
      closedSeenMs: closed?.atMs ?? null,
      breakerKeysBefore,
      breakerKeysAfter: await breakerRecords(stack, profile),
    };
  } finally {
    await Promise.all([health.stop(), queries.stop(), control.stop()]);
  }
}

function statusCounts(queries: readonly QuerySample[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const q of queries) out[String(q.httpStatus ?? q.errorCode)] = (out[String(q.httpStatus ?? q.errorCode)] ?? 0) + 1;
  return out;
}

/**
 * The negative control rides in the same stack (one launch instead of two): a copy of the api with
 * FAIL_ON_REDIS_DOWN, published directly, that must answer 500 during the very same outage.
 */
function withControlApi(profile: StackProfile): { override: Record<string, unknown>; service: string } {
  const api = profile.endpoints.api;
  const raw = parse(readFileSync(composeFileOf(profile), "utf8"), { merge: true }) as { services: Record<string, Record<string, unknown>> };
  const base = raw.services[api.service]!;
  const service = `${api.service}-control`;
  const environment = { ...(base.environment as Record<string, string>), FAIL_ON_REDIS_DOWN: "1" };
  return { service, override: { services: { [service]: { ...base, environment, ports: [String(api.port)] } } } };
}

test("Redis lost and restarted empty while the api serves: degraded, no 500, breaker opens and closes, mirror rebuilt", async ({ launch, profile, slo, metrics, audit }) => {
  await allure.epic("chaos");
  await allure.feature("redis loss");
  const control = withControlApi(profile);
  const stack = await launch({ instance: "rbrk", override: control.override });
  const api = profile.endpoints.api;
  const run = await redisOutage(stack, profile, slo, stack.url(control.service, api.port, api.queryPath));
  await audit.append("redis-sigkill-start", `${stack.prefix}/${profile.endpoints.redis.service}`, "ok", `open seen ${run.openSeenMs !== null}, closed seen ${run.closedSeenMs !== null}`);
  const during = run.health.filter((h) => h.atMs >= run.killAtMs && h.atMs <= run.redisReadyMs);
  const summary = {
    queryStatuses: statusCounts(run.queries),
    controlQueryStatuses: statusCounts(run.controlQueries),
    degradedAnswers: run.queries.filter((q) => q.degraded === true).length,
    healthDuring: [...new Set(during.map((h) => `${h.httpStatus} ${h.status} redis=${h.redisStatus}/${h.redisBreaker}`))],
    openAfterKillMs: run.openSeenMs === null ? null : run.openSeenMs - run.killAtMs,
    closedAfterRedisReadyMs: run.closedSeenMs === null ? null : run.closedSeenMs - run.redisReadyMs,
    outageMs: run.redisReadyMs - run.killAtMs,
    breakerKeysBefore: run.breakerKeysBefore,
    breakerKeysAfter: run.breakerKeysAfter,
  };
  mkdirSync(readEnv().reportsDir, { recursive: true });
  writeFileSync(join(readEnv().reportsDir, "redis-outage-breaker.json"), JSON.stringify(summary, null, 2));
  await allure.attachment("redis-outage-summary.json", JSON.stringify(summary, null, 2), "application/json");
  await allure.attachment("redis-outage-samples.json", JSON.stringify({ health: run.health, queries: run.queries, control: run.controlQueries }), "application/json");
  if (run.closedSeenMs !== null) await metrics.record("chaos.recovery_ms", run.closedSeenMs - run.redisReadyMs, "Redis back to the api's Redis breaker closed and health healthy");

  expect.soft(summary.queryStatuses["500"] ?? 0, "no 500 while Redis is away").toBe(0);
  expect.soft(summary.controlQueryStatuses["500"] ?? 0, "negative control: the FAIL_ON_REDIS_DOWN api answers 500, so the check above can fail").toBeGreaterThan(0);
  expect.soft(summary.degradedAnswers, "answers marked degraded while Redis is away").toBeGreaterThan(0);
  expect.soft(during.some((h) => h.httpStatus === 200 && h.status === "degraded"), "health says degraded (200) during the outage").toBe(true);
  expect.soft(run.openSeenMs, "the Redis breaker opened").not.toBeNull();
  expect.soft(run.closedSeenMs, "the Redis breaker closed and health is healthy again").not.toBeNull();
  expect.soft(summary.closedAfterRedisReadyMs ?? Infinity).toBeLessThanOrEqual(slo.recoveryMs);
  // Expected: the wipe takes every record; the api re-mirrors its in-memory state on its next transition
  // (the Redis breaker's close), and a breaker with no transition since stays unrecorded until it has one.
  const redisBreaker = profile.breakers.list.find((b) => b.guards === "redis")!.name;
  expect.soft(run.breakerKeysBefore).toHaveProperty("seeded-before-outage");
  expect.soft(run.breakerKeysAfter, "records from before the wipe are gone").not.toHaveProperty("seeded-before-outage");
  expect.soft(JSON.parse(run.breakerKeysAfter[redisBreaker] ?? "{}").state, "the Redis breaker's record re-mirrored as closed").toBe("closed");
  expect.soft(run.health.at(-1)?.inferenceBreaker, "the inference breaker's in-memory state is untouched").toBe("closed");
});

// Runtime detection on a running stack. Each detector is the check the suites make, reduced to one
// verdict; destructive ones put the stack back (start what they stopped, resume what they froze).
import { runLoad } from "../load/run-load.ts";
import { checkDataLoss } from "../checkers/data-loss-checker.ts";
import { waitUntil } from "../util/wait-until.ts";
import type { DetectContext, Detection } from "./control-types.ts";
import { apiHealthUrl, bringBack, query, redisClient } from "./stack-access.ts";

function need(ctx: DetectContext) {
  if (!ctx.stack) throw new Error("runtime detector called without a running stack");
  return ctx.stack;
}

/** Redis must refuse unauthenticated commands. */
export async function redisAcceptsAnonymous(ctx: DetectContext): Promise<Detection> {
  const stack = need(ctx);
  const client = redisClient(stack, ctx.profile, "none");
  try {
    await client.connect();
    const pong = await client.ping();
    return { flagged: true, detail: `unauthenticated PING answered ${pong}` };
  } catch (err) {
    return { flagged: false, detail: `unauthenticated PING refused: ${(err as Error).message}` };
  } finally {
    client.disconnect();
  }
}

/** With inference frozen, a query must end (504/503) before the client gives up. */
export async function queryHangsOnFrozenDependency(ctx: DetectContext): Promise<Detection> {
  const stack = need(ctx);
  const inference = ctx.profile.endpoints.inference.service;
  const guard = ctx.profile.breakers.list.find((b) => b.guards === "inference");
  const clientTimeoutMs = Math.max(ctx.slo.clientTimeoutMs, (guard?.callTimeoutMs ?? 0) + 2000);
  // SIGSTOP to PID 1 would only stop the init (catatonit); stop every process of the service user.
  await stack.exec(inference, ["/bin/sh", "-c", "kill -STOP -1"]);
  try {
    const r = await query(stack, ctx.profile, clientTimeoutMs);
    return { flagged: r.status === "timeout", detail: `query with ${inference} frozen: ${r.status} after ${Math.round(r.ms)} ms (client timeout ${clientTimeoutMs} ms)` };
  } finally {
    await stack.exec(inference, ["/bin/sh", "-c", "kill -CONT -1"]);
    await waitUntil(() => stack.healthy(inference), { timeoutMs: 30_000, what: `${inference} to answer after SIGCONT` });
  }
}

/** With inference stopped, the inference breaker must open after its declared threshold. */
export async function breakerDoesNotOpen(ctx: DetectContext): Promise<Detection> {
  const stack = need(ctx);
  const guard = ctx.profile.breakers.list.find((b) => b.guards === "inference");
  if (!guard) return { flagged: true, detail: "profile declares no inference breaker" };
  const inference = ctx.profile.endpoints.inference.service;
  await stack.stop(inference, 2);
  try {
    const statuses: Array<number | string> = [];
    for (let i = 0; i < guard.failureThreshold + 2; i++) statuses.push((await query(stack, ctx.profile, guard.callTimeoutMs + 2000)).status);
    const health = (await (await fetch(apiHealthUrl(stack, ctx.profile), { signal: AbortSignal.timeout(5000) })).json()) as { breakers?: Record<string, { state?: string }> };
    const state = health.breakers?.[guard.name]?.state ?? "unknown";
    return { flagged: state !== "open", detail: `after ${guard.failureThreshold + 2} failed calls the ${guard.name} breaker is ${state}; statuses ${statuses.join(",")}` };
  } finally {
    await bringBack(stack, inference);
  }
}

/** A burst beyond slots + queue must be shed with 503, not queued without bound. */
export async function inferenceQueueUnbounded(ctx: DetectContext): Promise<Detection> {
  const stack = need(ctx);
  const ep = ctx.profile.endpoints.inference;
  const url = stack.url(ep.service, ep.port, ep.completionPath);
  const burst = 24;
  const results = await Promise.all(
    Array.from({ length: burst }, () =>
      fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ prompt: "tell me about tmpfs and redis", n_predict: 64 }), signal: AbortSignal.timeout(60_000) })
        .then(async (r) => (await r.arrayBuffer(), r.status))
        .catch(() => 0),
    ),
  );
  const shed = results.filter((s) => s === 503).length;
  return { flagged: shed === 0, detail: `${burst} concurrent requests: ${shed} shed with 503, ${results.filter((s) => s === 200).length} served` };
}

/** With Redis stopped, the api must degrade (2xx/503), never answer 500. */
export async function api500WithoutRedis(ctx: DetectContext): Promise<Detection> {
  const stack = need(ctx);
  const redis = ctx.profile.endpoints.redis.service;
  await stack.stop(redis, 2);
  try {
    const outcomes = [];
    for (let i = 0; i < 3; i++) outcomes.push(await query(stack, ctx.profile, ctx.slo.clientTimeoutMs));
    const fivehundreds = outcomes.filter((o) => o.status === 500).length;
    return { flagged: fivehundreds > 0, detail: `with ${redis} stopped: statuses ${outcomes.map((o) => o.status).join(",")}` };
  } finally {
    await bringBack(stack, redis);
  }
}

/** After Redis is restarted, the crawler must still be the same running process. */
export async function crawlerDiesOnRedisLoss(ctx: DetectContext): Promise<Detection> {
  const stack = need(ctx);
  const crawler = ctx.profile.roles.crawler;
  if (!crawler) return { flagged: false, detail: "profile has no crawler" };
  const redis = ctx.profile.endpoints.redis.service;
  const before = await stack.inspect(crawler);
  await stack.stop(redis, 2);
  // The crawler notices within its rescan interval; give it a bounded window to die (or not).
  const died = await waitUntil(async () => {
    const s = (await stack.inspect(crawler)).State;
    return !s.Running || s.StartedAt !== before.State.StartedAt ? s : false;
  }, { timeoutMs: 12_000, intervalMs: 250, what: "crawler exit" }).catch(() => undefined);
  await bringBack(stack, redis);
  const after = await stack.inspect(crawler);
  const restarted = after.RestartCount !== before.RestartCount || after.State.StartedAt !== before.State.StartedAt;
  return { flagged: !!died || restarted || !after.State.Running, detail: died ? `crawler stopped (exit ${died.ExitCode}) after Redis loss; running now: ${after.State.Running}` : `crawler kept running through the Redis loss (restarts ${after.RestartCount})` };
}

/** Acknowledged writes must survive a Redis process kill when the profile claims durability. */
export async function acknowledgedWritesLost(ctx: DetectContext): Promise<Detection> {
  const stack = need(ctx);
  const redis = ctx.profile.endpoints.redis.service;
  const writer = redisClient(stack, ctx.profile, "admin");
  await writer.connect();
  const history: Array<{ id: string; ackedAtMs?: number; failed?: boolean }> = [];
  for (let i = 0; i < 200; i++) {
    const id = `control:durable:${i}`;
    try {
      await writer.set(id, "1");
      history.push({ id, ackedAtMs: Date.now() });
    } catch {
      history.push({ id, failed: true });
    }
  }
  writer.disconnect();
  await stack.kill(redis, "SIGKILL");
  await waitUntil(async () => !(await stack.inspect(redis)).State.Running || undefined, { timeoutMs: 10_000, what: `${redis} to die` }).catch(() => undefined);
  if (!(await stack.inspect(redis)).State.Running) await stack.start(redis);
  await waitUntil(() => stack.healthy(redis), { timeoutMs: 30_000, what: `${redis} healthy after SIGKILL` });
  const reader = redisClient(stack, ctx.profile, "admin");
  await reader.connect();
  const keys = history.map((h) => h.id);
  const values = await reader.mget(...keys);
  reader.disconnect();
  const present = new Set(keys.filter((_, i) => values[i] !== null));
  const verdict = checkDataLoss(
    history.map((h) => (h.failed ? { id: h.id, outcome: "failed" as const } : { id: h.id, outcome: "acked" as const, ackedAtMs: h.ackedAtMs! })),
    present,
  );
  return { flagged: verdict.lost > 0, detail: `${verdict.acknowledged} acknowledged, ${verdict.lost} lost after SIGKILL of ${redis}` };
}

/** Inference p95 at nominal concurrency must stay within the SLO. */
export async function latencyOverSlo(ctx: DetectContext): Promise<Detection> {
  const stack = need(ctx);
  const ep = ctx.profile.endpoints.inference;
  const result = await runLoad({
    target: { url: stack.url(ep.service, ep.port, ep.completionPath), method: "POST", body: { prompt: "what is tmpfs and why does redis need a volume", n_predict: 16 } },
    mode: { kind: "closed", connections: ctx.slo.nominalConcurrency, amount: 30 },
    timeoutMs: ctx.slo.clientTimeoutMs,
  });
  const p95 = result.latency.p95Ms;
  if (p95 === null) return { flagged: true, detail: `no successful response in ${result.completed} requests` };
  return { flagged: p95 > ctx.slo.inferenceP95Ms, detail: `p95 ${p95.toFixed(1)} ms vs SLO ${ctx.slo.inferenceP95Ms} ms over ${result.latency.count} requests, ${result.completed - result.latency.count} errors` };
}

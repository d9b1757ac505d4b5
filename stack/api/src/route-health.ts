import type { ServerResponse } from "node:http";
import type { App } from "./app.ts";
import type { Guard } from "./breakers.ts";
import { overallHealth, type DependencyStatus, type DependencyView } from "./health-status.ts";
import { sendJson } from "./http-io.ts";

async function probeRedis(app: App): Promise<DependencyStatus> {
  if (app.redis.status !== "ready") return "down";
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("ping timed out")), app.config.healthProbeTimeoutMs);
  });
  try {
    await Promise.race([app.redis.ping(), timeout]);
    return "up";
  } catch {
    return "down";
  } finally {
    clearTimeout(timer);
  }
}

async function probeInference(app: App): Promise<DependencyStatus> {
  try {
    const response = await fetch(`${app.config.inferenceUrl}/health`, { signal: AbortSignal.timeout(app.config.healthProbeTimeoutMs) });
    await response.body?.cancel().catch(() => undefined);
    return response.ok ? "up" : "down";
  } catch {
    return "down";
  }
}

function breakerView(app: App, guard: Guard) {
  const s = guard.snapshot();
  return {
    state: s.state,
    failure_count: s.failureCount,
    failure_threshold: guard.settings.failureThreshold,
    last_failure_time: s.lastFailureTime,
    opened_at: s.openedAt,
    updated_at: s.updatedAt,
    reset_timeout_ms: guard.settings.resetTimeoutMs,
    call_timeout_ms: guard.settings.callTimeoutMs,
    failures_total: s.failuresTotal,
    successes_total: s.successesTotal,
    fast_fails_total: s.fastFailsTotal,
    mirror_write_failures: app.mirror?.writeFailures.get(guard.name) ?? 0,
  };
}

export async function handleHealth(app: App, res: ServerResponse): Promise<void> {
  const [redisStatus, inferenceStatus] = await Promise.all([probeRedis(app), probeInference(app)]);
  for (const [dependency, status] of [["redis", redisStatus], ["inference", inferenceStatus]] as const) {
    app.metrics.healthProbes.inc({ dependency, outcome: status });
  }
  const redis: DependencyView = { status: redisStatus, breaker: app.guards.redis.state() };
  const inference: DependencyView = { status: inferenceStatus, breaker: app.guards.inference.state() };
  const verdict = overallHealth(redis, inference);
  const guards = [app.guards.redis, app.guards.inference].filter((g) => g.enabled);
  sendJson(res, verdict.httpStatus, {
    status: verdict.status,
    dependencies: { redis, inference },
    breakers: Object.fromEntries(guards.map((g) => [g.name, breakerView(app, g)])),
    uptime_s: Math.round((Date.now() - app.startedAt) / 1000),
    negative_controls: { breakers_disabled: app.config.breakersDisabled, fail_on_redis_down: app.config.failOnRedisDown },
  });
}

// A service reaching its memory limit, on the rootful engine (rootless cgroup v1 ignores limits): a hog
// inside inference while the api serves concurrent long prompts. The service's own process is made the
// OOM killer's first choice, so the kill stands in for the service outgrowing its limit. Evidence of the
// OOM kill: exit 137 and the kernel's oom_kill counters (Podman's OOMKilled flag is always false here).
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEnv } from "../../harness/config/env.ts";
import { openEngineSession } from "../../harness/engine/engine-session.ts";
import { awaitContainerBack, startedAt } from "../../harness/redis-loss/container-back.ts";
import { awaitSample, observe, sampleHealth, sendQuery, type QuerySample } from "../../harness/redis-loss/api-observer.ts";
import { containerOomKills, hogInside, hostOomKills, preferServiceAsOomVictim } from "../../harness/memory/oom-detect.ts";
import { serviceMemoryLimit } from "../../harness/memory/tmpfs-usage.ts";
import { waitUntil } from "../../harness/util/wait-until.ts";
import { stackTest } from "../support/stack-fixture.ts";

const test = stackTest.extend({
  engine: [async ({}, use) => use(openEngineSession({ ...readEnv(), engine: "rootful" })), { scope: "file" }],
});

test("inference past its memory limit under concurrent long prompts: OOM-killed, restarted, breaker opens and closes", async ({ launch, profile, slo, capabilities, metrics, audit }) => {
  await allure.epic("chaos");
  await allure.feature("memory pressure");
  await allure.parameter("engine", capabilities.engine);
  if (!capabilities.memoryLimits.available) {
    await metrics.notRun("memory.oom_outage_ms", `memory limits are not enforced on the ${capabilities.engine} engine: ${capabilities.memoryLimits.detail}`);
    expect.fail(`no enforced memory limits on the ${capabilities.engine} engine (${capabilities.memoryLimits.detail}): the OOM scenario cannot run`);
  }
  const { api, inference, redis } = profile.endpoints;
  const keep = new Set([api.service, inference.service, redis.service]);
  const stack = await launch({ instance: "oom", override: { services: Object.fromEntries([profile.roles.gateway, profile.roles.crawler].filter((s): s is string => !!s && !keep.has(s)).map((s) => [s, null])) } });
  const victim = inference.service;
  const limit = serviceMemoryLimit(stack, victim);
  if (!limit) throw new Error(`${victim} has no memory limit in ${stack.model.file}: nothing to reach`);
  const key = readFileSync(stack.model.secrets[profile.credentials.apiKeySecret]!.file!, "utf8").trim();
  const longPrompt = `explain tmpfs memory limits ${"and the page cache of a small self hosted stack ".repeat(8)}`.slice(0, 400);
  const health = observe(() => sampleHealth(stack.url(api.service, api.port, api.healthPath), slo.clientTimeoutMs), 100, 900);
  const clients = Array.from({ length: slo.nominalConcurrency }, () => observe(() => sendQuery(stack.url(api.service, api.port, api.queryPath), key, longPrompt, slo.clientTimeoutMs * 3), 50, 400));
  try {
    await awaitSample(clients[0]!.samples, 0, (q) => q.httpStatus === 200, slo.recoveryMs * 3, "a first answer under the long-prompt load");
    const before = await startedAt(stack, victim);
    const containerId = stack.containerId(victim);
    const hostBefore = hostOomKills();
    const victims = await preferServiceAsOomVictim(stack, victim);
    let cgroupOom = containerOomKills(containerId);
    const cgroupWatch = observe(async () => {
      const seen = containerOomKills(containerId);
      if (seen && seen.oomKill > (cgroupOom?.oomKill ?? 0)) cgroupOom = seen;
    }, 20, 3_000);
    const oomAtMs = Date.now();
    stack.disturbances.begin(victim, `memory hog in ${victim} (${Math.round((limit * 2) / 1024 ** 2)} MiB)`, oomAtMs);
    const hog = hogInside(stack, victim, limit * 2, 10_000);
    const back = await awaitContainerBack(stack, victim, before, { exitWaitMs: 60_000, policyWaitMs: slo.recoveryMs, startTimeoutMs: slo.recoveryMs });
    await cgroupWatch.stop();
    const hogOutcome = await hog;
    const healthyAtMs = await waitUntil(() => stack.healthy(victim), { timeoutMs: slo.recoveryMs * 3, intervalMs: 100, what: `${victim} healthy after the OOM kill` }).then(
      () => {
        stack.disturbances.end(victim);
        return Date.now();
      },
      async (error: Error) => {
        const info = await stack.inspect(victim);
        await allure.attachment(`${victim}-after-oom.txt`, `${error.message}\n${JSON.stringify(info.State, null, 2)}\nrestarts ${info.RestartCount}\n${await stack.logs(victim, 40)}`, "text/plain");
        throw error;
      },
    );
    const opened = await awaitSample(health.samples, oomAtMs, (h) => h.inferenceBreaker === "open", slo.recoveryMs, "the inference breaker open").catch(() => null);
    const closed = await awaitSample(health.samples, healthyAtMs, (h) => h.inferenceBreaker === "closed" && h.status === "healthy", slo.recoveryMs * 2, "the inference breaker closed").catch(() => null);
    await awaitSample(clients[0]!.samples, healthyAtMs, (q) => q.httpStatus === 200, slo.recoveryMs * 2, "an answer after the restart").catch(() => null);
    const queries: QuerySample[] = (await Promise.all(clients.map((c) => c.stop()))).flat();
    await health.stop();
    const hostAfter = hostOomKills();
    // The restart outage: the kill (first seen exit, else the restart) to healthy again.
    const killedAtMs = back.exitSeenAtMs ?? back.runningAtMs;
    const outageMs = healthyAtMs - killedAtMs;
    // What clients saw: pressure evicts the mmapped model's pages long before the kill, so answers fail earlier.
    const firstFailure = queries.filter((q) => q.atMs >= oomAtMs && q.httpStatus !== 200).sort((a, b) => a.atMs - b.atMs)[0];
    const firstAnswerBack = queries.filter((q) => q.atMs >= healthyAtMs && q.httpStatus === 200).sort((a, b) => a.atMs - b.atMs)[0];
    const statuses: Record<string, number> = {};
    for (const q of queries.filter((q) => q.atMs >= oomAtMs)) statuses[String(q.httpStatus ?? q.errorCode)] = (statuses[String(q.httpStatus ?? q.errorCode)] ?? 0) + 1;
    const summary = {
      engine: capabilities.engine,
      memoryLimitBytes: limit,
      victims,
      hogOutcome,
      back,
      exitCode137Seen: back.exitCode === 137,
      cgroupOomKill: cgroupOom,
      hostOomKillDelta: hostBefore === null || hostAfter === null ? null : hostAfter - hostBefore,
      hogToKillMs: killedAtMs - oomAtMs,
      outageMs,
      clientOutageMs: firstFailure && firstAnswerBack ? firstAnswerBack.atMs + firstAnswerBack.latencyMs - firstFailure.atMs : null,
      breakerOpenAfterMs: opened ? opened.atMs - oomAtMs : null,
      breakerClosedAfterHealthyMs: closed ? closed.atMs - healthyAtMs : null,
      statusesAfterOom: statuses,
    };
    await audit.append("oom-hog", `${stack.prefix}/${victim}`, "ok", JSON.stringify({ exit: back.exitCode, restartedBy: back.restartedBy, outageMs }));
    mkdirSync(readEnv().reportsDir, { recursive: true });
    writeFileSync(join(readEnv().reportsDir, "memory-oom.json"), JSON.stringify(summary, null, 2));
    await allure.attachment("oom-summary.json", JSON.stringify(summary, null, 2), "application/json");
    await metrics.record("memory.oom_outage_ms", outageMs, `${victim} on ${capabilities.engine}: exit ${back.exitCode}, back by ${back.restartedBy}; hog to kill ${summary.hogToKillMs} ms, client-seen outage ${summary.clientOutageMs} ms`);

    expect.soft(summary.exitCode137Seen || (summary.cgroupOomKill?.oomKill ?? 0) > 0 || (summary.hostOomKillDelta ?? 0) > 0, "an OOM kill is evidenced (exit 137 or an oom_kill counter)").toBe(true);
    expect.soft(back.restartedBy, "the restart policy brought the service back").toBe("restart-policy");
    expect.soft(opened, "the api's inference breaker opened").not.toBeNull();
    expect.soft(closed, "the inference breaker closed and health is healthy again").not.toBeNull();
    expect.soft(statuses["500"] ?? 0, "no 500 from the api during the OOM outage").toBe(0);
    expect.soft(outageMs).toBeLessThanOrEqual(slo.recoveryMs);
  } finally {
    await health.stop();
    await Promise.all(clients.map((c) => c.stop()));
  }
});

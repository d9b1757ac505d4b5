// The breakers when Redis itself goes away (on a private stack): the Redis breaker opens, /query keeps
// answering 200 degraded (never 500), the breaker mirror's failed writes are counted, and once Redis is
// back the state the api publishes and the state stored in Redis agree again.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { stackTest as test } from "../support/stack-fixture.ts";
import { waitUntil } from "../../harness/util/wait-until.ts";
import { LatencyRecorder } from "../../harness/load/latency-recorder.ts";
import { toBreakerSegments } from "../../harness/checkers/breaker-timeline.ts";
import { bandsFromSegments, renderBreakerTimelineSvg } from "../../harness/plots/breaker-timeline-svg.ts";
import { stackBreakerProbes, secretOf } from "../../harness/breakers/stack-breaker-probes.ts";
import { startBreakerSampler } from "../../harness/breakers/breaker-sampler.ts";
import { recordGaps } from "../../harness/breakers/store-record-gaps.ts";

interface QueryAnswer {
  status: number;
  degraded: boolean | undefined;
  ms: number;
}

test("Redis down: the Redis breaker opens, /query degrades with 200, mirror failures are counted, state agrees after Redis returns", async ({ launch, profile, slo, audit }) => {
  await allure.epic("breakers");
  await allure.feature("breakers without Redis");
  await allure.severity("critical");
  const spec = profile.breakers.list.find((breaker) => breaker.guards === "redis");
  if (spec === undefined || !(profile.degradesWithout?.api ?? []).includes("redis")) {
    await allure.description("the profile lists no Redis breaker or does not promise that the api degrades without Redis: nothing to check");
    return;
  }
  const stack = await launch({ instance: "rdl" });
  await using probes = stackBreakerProbes(stack, profile, { timeoutMs: slo.clientTimeoutMs });
  const api = profile.endpoints.api;
  const redisService = stack.roleService("redis");
  const apiKey = secretOf(stack, profile.credentials.apiKeySecret);
  const queryUrl = stack.url(api.service, api.port, api.queryPath);
  const tolerance = slo.breakerTimingToleranceMs;
  const during = new LatencyRecorder();
  const answers: QueryAnswer[] = [];

  // the api bounds its inference call by that breaker's call timeout; the client waits for that too
  const inferenceCallMs = profile.breakers.list.find((breaker) => breaker.guards === "inference")?.callTimeoutMs ?? 0;
  const ask = async (): Promise<QueryAnswer> => {
    const started = performance.now();
    const response = await fetch(queryUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": apiKey },
      body: JSON.stringify({ query: "what is tmpfs memory", max_tokens: 4 }),
      signal: AbortSignal.timeout(inferenceCallMs + slo.clientTimeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as { degraded?: boolean };
    return { status: response.status, degraded: body.degraded, ms: performance.now() - started };
  };
  const redisBreaker = async () => {
    const health = await probes.readHealth();
    const view = health.breakers[spec.name];
    if (view === undefined) throw new Error(`the api's health lists no breaker '${spec.name}'`);
    return view;
  };

  const sampler = startBreakerSampler({
    breakers: probes.breakers,
    readHealth: probes.readHealth,
    readStore: probes.readStore,
    intervalMs: 50,
    maxDurationMs: 120_000,
    stateBeforeFirstRecord: "closed",
  });
  const fault = { startMs: 0, endMs: 0 };
  let mirrorFailures = 0;
  try {
    await allure.step("baseline: a query answers, not degraded", async () => {
      expect(await ask()).toMatchObject({ status: 200, degraded: false });
    });

    fault.startMs = Date.now();
    await stack.stop(redisService);
    audit.append("stop", `${stack.prefix}/${redisService}`, "injected", { reason: "Redis loss under the breakers" });

    await allure.step(`Redis down: /query answers 200 degraded while the ${spec.name} breaker opens`, async () => {
      const opened = await waitUntil(
        async () => {
          const answer = await ask();
          answers.push(answer);
          during.recordSuccess(answer.ms * 1000, Date.now());
          return (await redisBreaker()).state === "open";
        },
        { timeoutMs: spec.failureThreshold * spec.callTimeoutMs + slo.recoveryMs, intervalMs: 20, what: `breaker ${spec.name} open with Redis down` },
      );
      expect(opened).toBe(true);
      // a few more while open: the rejected retrievals must degrade the same way
      for (let i = 0; i < spec.failureThreshold; i += 1) answers.push(await ask());
      expect(answers.filter((answer) => answer.status !== 200 || answer.degraded !== true)).toEqual([]);
    });

    await allure.step("the mirror's failed writes are counted", async () => {
      mirrorFailures = (await redisBreaker()).mirrorWriteFailures ?? 0;
      expect(mirrorFailures, "mirror_write_failures of the Redis breaker").toBeGreaterThan(0);
    });

    await stack.start(redisService);
    await waitUntil(() => stack.healthy(redisService), { timeoutMs: slo.stackHealthyMs, what: `${redisService} healthy again` });
    audit.append("start", `${stack.prefix}/${redisService}`, "undone");

    await allure.step(`Redis back: the ${spec.name} breaker closes and answers are no longer degraded`, async () => {
      await waitUntil(
        async () => {
          const answer = await ask();
          return answer.status === 200 && answer.degraded === false && (await redisBreaker()).state === "closed";
        },
        { timeoutMs: slo.recoveryMs, intervalMs: 100, what: `a non-degraded answer and breaker ${spec.name} closed after Redis returned` },
      );
      fault.endMs = Date.now();
    });

    await allure.step("published and stored state agree again", async () => {
      await waitUntil(
        async () => {
          const [health, store] = [await probes.readHealth(), await probes.readStore()];
          return store.reads.every((read) => read.kind !== "state" || health.breakers[read.value.breaker]?.state === read.value.state);
        },
        { timeoutMs: tolerance, intervalMs: 25, what: "health and Redis reporting the same breaker states" },
      );
    });
  } finally {
    const samples = await sampler.stop();
    const segments = toBreakerSegments(samples.observations);
    const gaps = recordGaps(samples.store);
    const summary = during.summary();
    console.info(
      `redis loss: ${answers.length} answers while down (${answers.filter((a) => a.status === 200 && a.degraded).length} degraded 200), latency p50 ${summary.p50Ms?.toFixed(1)} p99 ${summary.p99Ms?.toFixed(1)} ms; mirror write failures ${mirrorFailures}; store read errors ${samples.errors.filter((e) => e.source === "redis").length}; record gaps ${JSON.stringify(gaps)}`,
    );
    console.info(`timeline: ${segments.map((s) => `${s.breaker}/${s.source}:${s.state}@${s.firstSeenMs}`).join(" ")}`);
    await allure.attachment(
      "breaker timeline (Redis loss).svg",
      renderBreakerTimelineSvg({ title: "breakers with Redis down", bands: bandsFromSegments(segments), faultWindows: [{ startMs: fault.startMs, endMs: fault.endMs || Date.now(), label: `${redisService} stopped` }] }),
      "image/svg+xml",
    );
    await allure.attachment("redis loss samples.json", JSON.stringify({ answers, degradedLatency: summary, mirrorFailures, segments, gaps, errors: samples.errors }, null, 2), "application/json");
  }
});

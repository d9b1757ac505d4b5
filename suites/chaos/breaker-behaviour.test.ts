// The inference breaker's state machine on a private stack: stop the inference service and watch the
// breaker open after exactly its threshold, answer fast while open, go half-open after the reset
// timeout, re-open on a failed trial, close on a successful one (a single call reaching inference),
// while the state the api publishes and the one mirrored in Redis agree throughout.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { stackTest as test } from "../support/stack-fixture.ts";
import { runLoad, type LoadResult } from "../../harness/load/run-load.ts";
import { waitUntil } from "../../harness/util/wait-until.ts";
import { checkBreakerTimeline } from "../../harness/checkers/breaker-timeline-checker.ts";
import type { BreakerCall, BreakerObservation, BreakerState } from "../../harness/checkers/breaker-timeline.ts";
import { bandsFromSegments, renderBreakerTimelineSvg } from "../../harness/plots/breaker-timeline-svg.ts";
import { renderLatencyHistogramSvg } from "../../harness/plots/latency-histogram-svg.ts";
import { stackBreakerProbes, secretOf } from "../../harness/breakers/stack-breaker-probes.ts";
import { startBreakerSampler } from "../../harness/breakers/breaker-sampler.ts";
import { callOutcome } from "../../harness/breakers/query-outcome.ts";
import { failuresBeforeFirstRejection, rejectedCallsThatReachedDependency } from "../../harness/breakers/breaker-opening.ts";
import { readRequestsOnRoute } from "../../harness/breakers/dependency-call-counter.ts";
import { measureInNamespace, percentileMs } from "../../harness/breakers/in-namespace-latency.ts";
import { recordGaps } from "../../harness/breakers/store-record-gaps.ts";

// enough fast failures that p99 rests on at least five of them
const fastFailSamples = 500;
const trialBurst = 8;

interface Answer {
  status: number;
  outcome: BreakerCall["outcome"];
  atMs: number;
  ms: number;
}

function describeLoad(name: string, result: LoadResult): string {
  const l = result.latency;
  return `${name}: n=${l.count} other=${result.errors.total} p50=${l.p50Ms?.toFixed(3)} p95=${l.p95Ms?.toFixed(3)} p99=${l.p99Ms?.toFixed(3)} max=${l.maxMs?.toFixed(3)} ms${result.stoppedByDeadline ? " (cut before the reset timeout)" : ""}`;
}

test("inference breaker: opens at its threshold, fails fast, half-opens after the reset timeout, one trial call closes it", async ({ launch, profile, slo, metrics, audit }) => {
  await allure.epic("breakers");
  await allure.feature("breaker state machine");
  await allure.severity("critical");
  const spec = profile.breakers.list.find((breaker) => breaker.guards === "inference");
  if (spec === undefined) {
    for (const id of ["breaker.fast_fail_p99_ms", "breaker.timeline_violations"]) await metrics.notRun(id, "the profile lists no breaker guarding the inference role");
    return;
  }
  const stack = await launch({ instance: "brk" });
  await using probes = stackBreakerProbes(stack, profile, { timeoutMs: slo.clientTimeoutMs });
  const api = profile.endpoints.api;
  const gw = profile.endpoints.gateway;
  const inference = profile.endpoints.inference;
  const inferenceService = stack.roleService("inference");
  const apiKey = secretOf(stack, profile.credentials.apiKeySecret);
  const queryBody = { query: "what is tmpfs memory", max_tokens: 4 };
  const directUrl = stack.url(api.service, api.port, api.queryPath);
  const gatewayUrl = gw ? stack.url(gw.service, gw.port, `${gw.apiPrefix}${api.queryPath}`) : undefined;
  const metricsUrl = stack.url(inference.service, inference.port, "/metrics");
  const tolerance = slo.breakerTimingToleranceMs;
  const calls: BreakerCall[] = [];

  const ask = async (): Promise<Answer> => {
    const started = performance.now();
    const response = await fetch(directUrl, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": apiKey },
      body: JSON.stringify(queryBody),
      signal: AbortSignal.timeout(spec.callTimeoutMs + slo.clientTimeoutMs),
    });
    const body = (await response.json().catch(() => ({}))) as { error_code?: string; breaker?: string };
    const answer = { status: response.status, outcome: callOutcome({ status: response.status, ...body }), atMs: Date.now(), ms: performance.now() - started };
    calls.push({ atMs: answer.atMs, breaker: spec.name, outcome: answer.outcome });
    return answer;
  };
  // the test's own health reads are observations too: they catch short states the sampler may miss
  const ownObservations: BreakerObservation[] = [];
  const stateOf = async (): Promise<{ state: BreakerState; openedAtMs: number | null | undefined }> => {
    const health = await probes.readHealth();
    const view = health.breakers[spec.name];
    if (view === undefined) throw new Error(`the api's health lists no breaker '${spec.name}'`);
    ownObservations.push({ atMs: health.atMs, breaker: spec.name, source: "health", state: view.state });
    return { state: view.state, openedAtMs: view.openedAtMs };
  };
  const fastFails = (url: string, untilMs: number) =>
    runLoad({
      target: { url, body: queryBody, apiKey: { header: "x-api-key", value: apiKey } },
      mode: { kind: "closed", connections: slo.nominalConcurrency, amount: fastFailSamples },
      timeoutMs: Math.max(1_000, slo.clientTimeoutMs),
      maxDurationMs: Math.max(1, untilMs - Date.now()),
      // the rejections are the responses whose latency is measured; anything else is counted apart
      isSuccessStatus: (status) => status === 503,
    });
  const waitForHalfOpen = async (openedAtMs: number) => {
    const seen = await waitUntil(async () => ((await stateOf()).state === "half-open" ? Date.now() : false), {
      timeoutMs: Math.max(0, openedAtMs + spec.resetTimeoutMs + tolerance - Date.now()),
      intervalMs: 25,
      what: `breaker ${spec.name} half-open ${spec.resetTimeoutMs} ms (±${tolerance}) after it opened`,
    });
    return seen - openedAtMs;
  };

  const sampler = startBreakerSampler({
    breakers: probes.breakers,
    readHealth: probes.readHealth,
    readStore: probes.readStore,
    intervalMs: 50,
    maxDurationMs: 180_000,
    // the api mirrors transitions only: no record yet is its initial closed state
    stateBeforeFirstRecord: "closed",
  });
  const faultWindows: Array<{ startMs: number; endMs: number; label: string }> = [];
  let fastFailDirect: LoadResult | undefined;
  let fastFailInside: { p99: number; count: number } | undefined;
  let fastFailGateway: LoadResult | undefined;
  let floor: LoadResult | undefined;
  const timings: Record<string, number> = {};
  let verdict: { violations: unknown[]; malformed: string[]; gaps: unknown[] } | undefined;
  try {
    await allure.step("closed: a query succeeds", async () => {
      expect((await ask()).outcome).toBe("success");
      expect((await stateOf()).state).toBe("closed");
    });

    // the floor any answer pays on this host right now: a trivial endpoint on the same path kind
    floor = await runLoad({
      target: { url: `http://${stack.info.access!.api.host}:${stack.info.access!.api.port}/version` },
      mode: { kind: "closed", connections: slo.nominalConcurrency, amount: 100 },
      timeoutMs: Math.max(1_000, slo.clientTimeoutMs),
    });
    const stoppedAtMs = Date.now();
    await stack.stop(inferenceService);
    audit.append("stop", `${stack.prefix}/${inferenceService}`, "injected", { reason: "drive failures into the inference breaker" });

    const openedAtMs = await allure.step(`closed -> open after ${spec.failureThreshold} failures`, async () => {
      const outcomes: BreakerCall["outcome"][] = [];
      for (let i = 0; i < spec.failureThreshold + 2 && !outcomes.includes("rejected"); i += 1) outcomes.push((await ask()).outcome);
      expect(failuresBeforeFirstRejection(outcomes), `outcomes: ${outcomes.join(", ")}`).toBe(spec.failureThreshold);
      const { state, openedAtMs } = await stateOf();
      expect(state).toBe("open");
      return openedAtMs ?? Date.now();
    });

    fastFailInside = await allure.step("open: fast failures measured next to the api (its own loopback)", async () => {
      const keyTarget = stack.model.services[api.service]?.secrets.find((x) => x.source === profile.credentials.apiKeySecret)?.target;
      if (!keyTarget) throw new Error(`${api.service} has no secret ${profile.credentials.apiKeySecret} mounted`);
      const sample = await measureInNamespace(stack, api.service, { port: api.port, path: api.queryPath, body: queryBody, apiKeySecretFile: keyTarget, count: 100, timeoutMs: 20_000 });
      const p99 = percentileMs(sample.latenciesMs, 99);
      console.info(`fast-fail inside the api: n=${sample.latenciesMs.length} p50=${percentileMs(sample.latenciesMs, 50).toFixed(3)} p99=${p99.toFixed(3)} max=${Math.max(...sample.latenciesMs).toFixed(3)} ms`);
      expect(sample.statuses.filter((code) => code !== 503), "answers other than a rejection while open").toEqual([]);
      return { p99, count: sample.latenciesMs.length };
    });

    fastFailDirect = await allure.step("open: fast failures at the api (through the access proxy)", async () => {
      // half the open period: a call the load makes after the reset timeout would be the trial
      const result = await fastFails(directUrl, openedAtMs + spec.resetTimeoutMs / 2);
      console.info(describeLoad("fast-fail at api", result));
      expect(result.latency.count).toBeGreaterThan(0);
      expect(result.errors, "answers other than a rejection while open").toMatchObject({ total: 0 });
      return result;
    });

    timings.halfOpenAfterMs = await allure.step(`open -> half-open after ${spec.resetTimeoutMs} ms`, () => waitForHalfOpen(openedAtMs));

    const reopenedAtMs = await allure.step("half-open -> open again on a failed trial call", async () => {
      const trial = await ask();
      expect(trial.outcome).toBe("failure");
      const { state, openedAtMs: again } = await stateOf();
      expect(state).toBe("open");
      return again ?? Date.now();
    });

    if (gatewayUrl !== undefined) {
      fastFailGateway = await allure.step("open: fast failures through the gateway", async () => {
        const result = await fastFails(gatewayUrl, reopenedAtMs + spec.resetTimeoutMs / 2);
        console.info(describeLoad("fast-fail via gateway", result));
        expect(result.errors, "answers other than a rejection while open").toMatchObject({ total: 0 });
        return result;
      });
    }

    await stack.start(inferenceService);
    const startedAtMs = Date.now();
    await waitUntil(() => stack.healthy(inferenceService), { timeoutMs: slo.stackHealthyMs, what: `${inferenceService} healthy again (its own healthcheck)` });
    timings.inferenceHealthyAfterStartMs = Date.now() - startedAtMs;
    await waitUntil(async () => (await fetch(stack.url(inference.service, inference.port, inference.healthPath), { signal: AbortSignal.timeout(2_000) })).ok, {
      timeoutMs: slo.recoveryMs,
      what: `${inferenceService} reachable again through the access proxy`,
    });
    faultWindows.push({ startMs: stoppedAtMs, endMs: Date.now(), label: `${inferenceService} stopped` });
    audit.append("start", `${stack.prefix}/${inferenceService}`, "undone");

    timings.secondHalfOpenAfterMs = await allure.step("open -> half-open again", async () => {
      if ((await stateOf()).state === "half-open") return Date.now() - reopenedAtMs;
      return waitForHalfOpen(reopenedAtMs);
    });

    await allure.step("half-open -> closed: one trial call reaches inference, the rest are rejected", async () => {
      const before = await readRequestsOnRoute(metricsUrl, inference.completionPath, slo.clientTimeoutMs);
      const burst = await Promise.all(Array.from({ length: trialBurst }, () => ask()));
      const after = await readRequestsOnRoute(metricsUrl, inference.completionPath, slo.clientTimeoutMs);
      const letThrough = burst.filter((answer) => answer.outcome !== "rejected").length;
      const rejected = burst.length - letThrough;
      console.info(`trial burst: ${burst.map((answer) => answer.status).join(",")}; inference saw ${after - before} call(s)`);
      expect(rejectedCallsThatReachedDependency({ letThrough, seenByDependency: after - before, rejected })).toBe(0);
      expect(after - before, "calls that reached inference while half-open").toBe(1);
      expect(burst.filter((answer) => answer.outcome === "success")).toHaveLength(1);
      await waitUntil(async () => (await stateOf()).state === "closed", { timeoutMs: tolerance, intervalMs: 25, what: `breaker ${spec.name} closed after its successful trial` });
    });
  } finally {
    const samples = await sampler.stop();
    const report = checkBreakerTimeline({
      config: { failureThreshold: spec.failureThreshold, resetTimeoutMs: spec.resetTimeoutMs, toleranceMs: tolerance, halfOpenTrigger: "call" },
      observations: [...samples.observations, ...ownObservations],
      calls,
    });
    const svg = renderBreakerTimelineSvg({
      title: `breaker ${spec.name}: health vs Redis`,
      bands: bandsFromSegments(report.segments),
      faultWindows,
    });
    await allure.attachment("breaker timeline.svg", svg, "image/svg+xml");
    await allure.attachment(
      "breaker samples.json",
      JSON.stringify({ timings, violations: report.violations, segments: report.segments, calls, errors: samples.errors, absent: samples.absent, malformed: samples.malformed }, null, 2),
      "application/json",
    );
    for (const [name, result] of [["api", fastFailDirect], ["gateway", fastFailGateway]] as const) {
      if (result === undefined) continue;
      const { recorder, ...raw } = result;
      await allure.attachment(`fast-fail ${name}.json`, JSON.stringify(raw, null, 2), "application/json");
      await allure.attachment(`fast-fail ${name} histogram.svg`, renderLatencyHistogramSvg({ title: `fast failures (${name})`, buckets: recorder.distribution(), markersMs: [{ label: "SLO", valueMs: slo.breakerFastFailP99Ms }] }), "image/svg+xml");
    }
    if (floor !== undefined) console.info(describeLoad("trivial endpoint floor (access proxy /version)", floor));
    console.info(`breaker timeline: ${report.segments.map((s) => `${s.breaker}/${s.source}:${s.state}@${s.firstSeenMs}`).join(" ")}`);
    console.info(`timings: ${JSON.stringify(timings)}; violations: ${JSON.stringify(report.violations)}; sample errors: ${samples.errors.length}; absent: ${JSON.stringify(samples.absent)}`);
    await metrics.record("breaker.timeline_violations", report.violations.length, report.violations.map((v) => v.message).join("; ") || undefined);
    if (fastFailInside) {
      await metrics.record(
        "breaker.fast_fail_p99_ms",
        fastFailInside.p99,
        `inside the api's network namespace, ${fastFailInside.count} rejections; from the suite via access proxy p99 ${fastFailDirect?.latency.p99Ms?.toFixed(3) ?? "-"} ms, via gateway p99 ${fastFailGateway?.latency.p99Ms?.toFixed(3) ?? "-"} ms; trivial-endpoint floor p99 ${floor?.latency.p99Ms?.toFixed(3) ?? "-"} ms`,
      );
    }
    verdict = { violations: report.violations, malformed: samples.malformed, gaps: recordGaps(samples.store) };
  }
  expect(verdict?.violations).toEqual([]);
  expect(verdict?.malformed).toEqual([]);
  expect(verdict?.gaps, "breaker records that vanished from Redis").toEqual([]);
  expect(fastFailInside!.p99).toBeLessThanOrEqual(slo.breakerFastFailP99Ms);
});

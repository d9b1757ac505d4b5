// Inference latency under load on the shared stack (read-only): HDR percentiles of every response,
// errors apart, closed loop at nominal concurrency and a fixed-rate open loop, the gate on p95, time to
// first token through the gateway, and the load generator's own ceiling so a slow generator is flagged.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { stackTest } from "./support/stack-fixture.ts";
import { runLoad, type LoadResult } from "../harness/load/run-load.ts";
import { generatorMayBeBottleneck, measureCeiling, type LoadCeiling } from "../harness/load/load-ceiling.ts";
import { LatencyRecorder } from "../harness/load/latency-recorder.ts";
import { renderLatencyHistogramSvg } from "../harness/plots/latency-histogram-svg.ts";
import { renderPercentilesOverTimeSvg } from "../harness/plots/percentiles-over-time-svg.ts";
import { secretOf } from "../harness/breakers/stack-breaker-probes.ts";
import { calibratedInferenceRequest, generatedTokens, inferenceUrl, promptTokensTarget, type InferenceRequest } from "./latency-inference-request.ts";

// Enough samples that the gated percentile rests on at least this many responses above it.
const tailSamples = 5;
const samplesFor = (percentile: number) => Math.ceil(tailSamples / (1 - percentile / 100));
const gatedSamples = samplesFor(95);

const test = stackTest.extend<{ ceiling: LoadCeiling; request: InferenceRequest }>({
  ceiling: [async ({}, use) => use(await measureCeiling({ durationMs: 1_000, connections: 8 })), { scope: "file" }],
  request: [
    async ({ stack, profile, slo }, use) => {
      const { url, path } = inferenceUrl(stack, profile);
      await use(await calibratedInferenceRequest(url, path, slo.clientTimeoutMs));
    },
    { scope: "file" },
  ],
});

function withoutRecorder(result: LoadResult) {
  const { recorder: _recorder, ...rest } = result;
  return rest;
}

async function attachRun(name: string, result: LoadResult, thresholdMs: number | undefined): Promise<void> {
  const { p50Ms, p95Ms, p99Ms } = result.latency;
  const markersMs = [
    ...(p50Ms === null ? [] : [{ label: "p50", valueMs: p50Ms }]),
    ...(p95Ms === null ? [] : [{ label: "p95", valueMs: p95Ms }]),
    ...(p99Ms === null ? [] : [{ label: "p99", valueMs: p99Ms }]),
    ...(thresholdMs === undefined ? [] : [{ label: "SLO", valueMs: thresholdMs }]),
  ];
  await allure.attachment(`${name} histogram.svg`, renderLatencyHistogramSvg({ title: `${name}: latency histogram`, buckets: result.recorder.distribution(), markersMs }), "image/svg+xml");
  await allure.attachment(
    `${name} percentiles.svg`,
    renderPercentilesOverTimeSvg({ title: `${name}: percentiles over time`, windows: result.series, ...(thresholdMs === undefined ? {} : { thresholdMs }) }),
    "image/svg+xml",
  );
  await allure.attachment(`${name} load result.json`, JSON.stringify(withoutRecorder(result), null, 2), "application/json");
}

function describeRun(name: string, result: LoadResult): string {
  const l = result.latency;
  const f = (v: number | null) => (v === null ? "-" : v.toFixed(3));
  return `${name}: n=${l.count} errors=${result.errors.total} p50=${f(l.p50Ms)} p95=${f(l.p95Ms)} p99=${f(l.p99Ms)} max=${f(l.maxMs)} ms, ${result.throughputPerSec.toFixed(1)}/s`;
}

function expectGeneratorNotBottleneck(result: LoadResult, ceiling: LoadCeiling): void {
  expect(generatorMayBeBottleneck(result, ceiling), `load generator near its ceiling: ${result.throughputPerSec.toFixed(1)}/s vs ${JSON.stringify(ceiling)}`).toBe(false);
}

test("the load generator's ceiling is measured and far above the rates the suite drives", async ({ ceiling }) => {
  await allure.feature("latency");
  await allure.attachment("load generator ceiling.json", JSON.stringify(ceiling, null, 2), "application/json");
  console.info(`load generator ceiling: closed ${ceiling.closedLoopPerSec.toFixed(0)}/s (p99 ${ceiling.closedLoopP99Ms} ms), open sustained ${ceiling.openLoopSustainedPerSec.toFixed(0)}/s, max schedule lag ${ceiling.openLoopMaxScheduleLagMs} ms`);
  expect(ceiling.closedLoopPerSec).toBeGreaterThan(0);
});

test("the access proxy adds little to a trivial endpoint", async ({ stack, profile, slo }) => {
  await allure.feature("latency");
  const inference = profile.endpoints.inference;
  const api = stack.roleService("api");
  const count = 100;
  const viaProxy = await runLoad({
    target: { url: stack.url(inference.service, inference.port, inference.healthPath) },
    mode: { kind: "closed", connections: 1, amount: count },
    timeoutMs: slo.clientTimeoutMs,
  });
  // the same endpoint from inside the stack's network, one kept-alive connection, curl's own timer
  const inNetwork = `http://${inference.service}:${inference.port}${inference.healthPath}`;
  const argv = ["curl", "-s", "-w", "%{time_total}\\n", ...Array.from({ length: count }, () => ["-o", "/dev/null", inNetwork]).flat()];
  const exec = await stack.exec(api, argv, { timeoutMs: 30_000 });
  const direct = new LatencyRecorder();
  for (const line of exec.stdout.split("\n")) if (/^\d+(\.\d+)?$/.test(line.trim())) direct.recordSuccess(Number(line.trim()) * 1e6, Date.now());
  const report = {
    viaAccessProxy: viaProxy.latency,
    inNetwork: direct.summary(),
    p50OverheadMs: viaProxy.latency.p50Ms !== null && direct.summary().p50Ms !== null ? viaProxy.latency.p50Ms - direct.summary().p50Ms! : null,
    execExitCode: exec.exitCode,
  };
  await allure.attachment("access proxy overhead.json", JSON.stringify(report, null, 2), "application/json");
  console.info(`access path overhead on ${inference.healthPath}: via proxy p50 ${viaProxy.latency.p50Ms} ms, in-network p50 ${direct.summary().p50Ms} ms, overhead ${report.p50OverheadMs?.toFixed(3)} ms`);
  expect(viaProxy.errors.total).toBe(0);
  expect(direct.count, `curl in ${api}: exit ${exec.exitCode} ${exec.stderr}`).toBe(count);
});

test("inference p95 at nominal concurrency is within the SLO (closed loop)", async ({ request, slo, metrics, ceiling }) => {
  await allure.feature("latency");
  await allure.severity("critical");
  await allure.parameter("connections", String(slo.nominalConcurrency));
  await allure.parameter("prompt tokens", `${request.promptTokens ?? "unknown"} (target ${promptTokensTarget})`);
  await allure.parameter("generated tokens", `${request.predictedTokens ?? "unknown"} (asked ${generatedTokens})`);
  const target = { url: request.url, body: request.body };
  // warm-up: the model's first calls after idling are slower than its steady state
  await runLoad({ target, mode: { kind: "closed", connections: slo.nominalConcurrency, amount: slo.nominalConcurrency * 2 }, timeoutMs: slo.clientTimeoutMs });
  const result = await runLoad({
    target,
    mode: { kind: "closed", connections: slo.nominalConcurrency, amount: gatedSamples },
    timeoutMs: slo.clientTimeoutMs,
    maxDurationMs: slo.loadDurationMs,
  });
  console.info(describeRun("inference closed loop", result) + ` prompt=${request.promptTokens} tokens, predicted=${request.predictedTokens}`);
  await attachRun("inference closed loop", result, slo.inferenceP95Ms);
  expect(request.predictedTokens ?? generatedTokens).toBe(generatedTokens);
  expect(result.errors.total).toBe(0);
  expectGeneratorNotBottleneck(result, ceiling);
  await metrics.record(
    "inference.p95_ms",
    result.latency.p95Ms!,
    `closed loop, ${slo.nominalConcurrency} connections, ${result.latency.count} responses${result.stoppedByDeadline ? " (cut by loadDurationMs)" : ""}, prompt ${request.promptTokens} tokens`,
  );
  expect(result.latency.p95Ms!).toBeLessThan(slo.inferenceP95Ms);
  expect(result.stoppedByDeadline, "the run hit loadDurationMs before its amount").toBe(false);
});

test("inference latency under a fixed-rate open loop (coordinated-omission corrected)", async ({ request, slo, ceiling }) => {
  await allure.feature("latency");
  const target = { url: request.url, body: request.body };
  const probe = await runLoad({ target, mode: { kind: "closed", connections: slo.nominalConcurrency, amount: slo.nominalConcurrency * 5 }, timeoutMs: slo.clientTimeoutMs });
  // below the closed-loop throughput, so the queue stays bounded and the percentiles mean something
  const ratePerSec = Math.max(1, probe.throughputPerSec * 0.6);
  const result = await runLoad({
    target,
    mode: { kind: "open", ratePerSec, amount: Math.ceil(gatedSamples / 2), connections: slo.nominalConcurrency * 4 },
    timeoutMs: slo.clientTimeoutMs,
    maxDurationMs: slo.loadDurationMs,
  });
  console.info(describeRun(`inference open loop @${ratePerSec.toFixed(1)}/s`, result) + ` schedule lag max ${result.maxScheduleLagMs} ms`);
  await allure.parameter("rate per s", ratePerSec.toFixed(2));
  await attachRun("inference open loop", result, slo.inferenceP95Ms);
  expect(result.errors.total).toBe(0);
  expectGeneratorNotBottleneck(result, ceiling);
});

test("api /query through the gateway at nominal concurrency", async ({ stack, profile, slo, ceiling }) => {
  await allure.feature("latency");
  const gw = profile.endpoints.gateway;
  if (gw === undefined) {
    await allure.description("the profile has no gateway: /query measured directly at the api");
  }
  const api = profile.endpoints.api;
  const url = gw ? stack.url(gw.service, gw.port, `${gw.apiPrefix}${api.queryPath}`) : stack.url(api.service, api.port, api.queryPath);
  const target = { url, body: { query: "what is tmpfs memory", max_tokens: generatedTokens }, apiKey: { header: "x-api-key", value: secretOf(stack, profile.credentials.apiKeySecret) } };
  await runLoad({ target, mode: { kind: "closed", connections: slo.nominalConcurrency, amount: slo.nominalConcurrency * 2 }, timeoutMs: slo.clientTimeoutMs });
  const result = await runLoad({
    target,
    mode: { kind: "closed", connections: slo.nominalConcurrency, amount: gatedSamples },
    timeoutMs: slo.clientTimeoutMs,
    maxDurationMs: slo.loadDurationMs,
  });
  console.info(describeRun("api /query via gateway", result));
  await attachRun("api query via gateway", result, undefined);
  expect(result.errors.total).toBe(0);
  expectGeneratorNotBottleneck(result, ceiling);
});

async function timeToFirstToken(url: string, apiKey: string, body: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream", "x-api-key": apiKey },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (response.status !== 200 || response.body === null) throw new Error(`stream answered ${response.status}`);
  const decoder = new TextDecoder();
  let seen = "";
  let firstTokenMs: number | undefined;
  for await (const chunk of response.body) {
    seen += decoder.decode(chunk as Uint8Array, { stream: true });
    if (firstTokenMs !== undefined) continue;
    // a complete frame with data and no `event:` line is a token; `event: done|error` frames are not
    const frames = seen.split("\n\n").slice(0, -1);
    if (frames.some((frame) => /^data: /m.test(frame) && !/^event: /m.test(frame))) firstTokenMs = performance.now() - started;
  }
  if (firstTokenMs === undefined) throw new Error(`stream ended without a token frame: ${seen.slice(0, 200)}`);
  return firstTokenMs;
}

test("time to first token on /stream through the gateway is within the SLO", async ({ stack, profile, slo, metrics }) => {
  await allure.feature("latency");
  await allure.severity("critical");
  const gw = profile.endpoints.gateway;
  const api = profile.endpoints.api;
  const url = gw ? stack.url(gw.service, gw.port, `${gw.apiPrefix}${api.streamPath}`) : stack.url(api.service, api.port, api.streamPath);
  const key = secretOf(stack, profile.credentials.apiKeySecret);
  const body = JSON.stringify({ query: "what is tmpfs memory", max_tokens: generatedTokens });
  const recorder = new LatencyRecorder({ originMs: Date.now() });
  const failures: string[] = [];
  const deadline = Date.now() + slo.loadDurationMs;
  let issued = 0;
  const worker = async () => {
    while (issued < gatedSamples && Date.now() < deadline) {
      issued += 1;
      const sentAtMs = Date.now();
      try {
        recorder.recordSuccess((await timeToFirstToken(url, key, body, slo.clientTimeoutMs)) * 1000, sentAtMs);
      } catch (error) {
        failures.push((error as Error).message);
        recorder.recordError({ kind: "connection", code: (error as Error).message.slice(0, 60) }, sentAtMs);
      }
    }
  };
  await Promise.all(Array.from({ length: slo.nominalConcurrency }, worker));
  const summary = recorder.summary();
  // the api builds its own prompt around the query: its size, as inference logged it, explains the ttft
  const promptTokens = (await stack.logs(stack.roleService("inference"), 40))
    .split("\n")
    .map((line) => /"promptTokens":(\d+)/.exec(line)?.[1])
    .filter((value): value is string => value !== undefined);
  await allure.parameter("api prompt tokens (inference log)", promptTokens.at(-1) ?? "not logged");
  console.info(`api /stream prompt tokens as inference logged them: ${[...new Set(promptTokens)].join(", ") || "not logged"}`);
  console.info(`ttft via ${gw ? "gateway" : "api"}: n=${summary.count} errors=${failures.length} p50=${summary.p50Ms?.toFixed(3)} p95=${summary.p95Ms?.toFixed(3)} p99=${summary.p99Ms?.toFixed(3)} max=${summary.maxMs?.toFixed(3)} ms`);
  await allure.attachment("ttft histogram.svg", renderLatencyHistogramSvg({ title: "time to first token", buckets: recorder.distribution(), markersMs: [{ label: "p95", valueMs: summary.p95Ms ?? 0 }, { label: "SLO", valueMs: slo.ttftP95Ms }] }), "image/svg+xml");
  await allure.attachment("ttft.json", JSON.stringify({ summary, failures, series: recorder.series() }, null, 2), "application/json");
  expect(failures).toEqual([]);
  await metrics.record("inference.ttft_p95_ms", summary.p95Ms!, `/stream via ${gw ? "gateway" : "api"}, ${slo.nominalConcurrency} concurrent, ${summary.count} streams`);
  expect(summary.p95Ms!).toBeLessThan(slo.ttftP95Ms);
  expect(summary.count, "streams measured before loadDurationMs").toBe(gatedSamples);
});

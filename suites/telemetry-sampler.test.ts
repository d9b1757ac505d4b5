// The sampler beside the shared stack: every service sampled, tmpfs sizes equal to what the compose
// file declares, memory and Redis numbers in a sane range, the services' own /metrics scraped.
import { expect } from "vitest";
import { totalmem } from "node:os";
import * as allure from "allure-js-commons";
import { startSampler } from "../harness/telemetry/sampler.ts";
import { attachTelemetry } from "../harness/telemetry/telemetry-allure.ts";
import { recordTelemetryMetrics } from "../harness/telemetry/telemetry-metrics.ts";
import type { ContainerReading } from "../harness/telemetry/telemetry-series.ts";
import { waitUntil } from "../harness/util/wait-until.ts";
import { stackTest as test } from "./support/stack-fixture.ts";

const sampleForMs = 5_000;

test("the telemetry sampler reads every service's memory, tmpfs, Redis and /metrics", async ({ stack, profile, slo, metrics }) => {
  await allure.epic("Telemetry");
  await allure.feature("Resource sampler");
  const sampler = startSampler(stack, profile, { intervalMs: 1_000 });
  const startedAt = Date.now();
  // the run lasts as long as the sampler needs to collect ~5 ticks; the check itself is the deadline
  await waitUntil(() => Date.now() - startedAt >= sampleForMs, { timeoutMs: sampleForMs + 1_000, intervalMs: 250, what: "the sampling period" });
  const series = await sampler.stop();
  const { summary, findings } = await attachTelemetry(series, { thresholds: slo });
  await recordTelemetryMetrics(metrics, summary);

  expect(series.ticks.length).toBeGreaterThanOrEqual(3);
  for (const service of stack.services.keys()) {
    const readings = series.ticks
      .flatMap((tick) => tick.services)
      .filter((sample): sample is ContainerReading & { service: string } => sample.service === service && sample.ok);
    expect(readings.length, `${service}: ok samples`).toBeGreaterThanOrEqual(3);
    for (const reading of readings) {
      expect(reading.running, `${service} running`).toBe(true);
      expect(reading.memoryBytes, `${service} memory`).toBeGreaterThan(1024 * 1024);
      // the normal stack fits the limits its compose file declares, enforced by this engine or not
      const declaredLimit = stack.model.services[service]!.limits.memoryBytes ?? stack.model.services[service]!.memLimitBytes ?? totalmem();
      expect(reading.memoryBytes!, `${service} memory (${reading.memorySource})`).toBeLessThan(declaredLimit);
      const declared = stack.model.services[service]!.mounts.filter((mount) => mount.kind === "tmpfs");
      // read-only containers also get the engine's own /run, /tmp, /var/tmp tmpfs: sampled too
      expect(reading.tmpfs?.map((usage) => usage.mount), `${service} tmpfs mounts`).toEqual(expect.arrayContaining(declared.map((mount) => mount.target)));
      for (const usage of reading.tmpfs ?? []) {
        const size = declared.find((mount) => mount.target === usage.mount)?.tmpfsSizeBytes;
        if (size !== undefined) expect(usage.sizeBytes, `${service}:${usage.mount} size`).toBe(size);
        expect(usage.usedBytes).toBeGreaterThanOrEqual(0);
        expect(usage.usedBytes).toBeLessThanOrEqual(usage.sizeBytes);
      }
    }
  }
  const redis = series.ticks.map((tick) => tick.redis).filter((sample) => sample?.ok === true);
  expect(redis.length).toBeGreaterThanOrEqual(3);
  for (const sample of redis) expect(sample.usedMemoryBytes).toBeGreaterThan(100 * 1024);
  for (const endpoint of [profile.endpoints.api, profile.endpoints.inference]) {
    const scraped = series.ticks.flatMap((tick) => tick.scrapes).filter((sample) => sample.service === endpoint.service && sample.ok);
    expect(scraped.length, `${endpoint.service} /metrics scrapes`).toBeGreaterThanOrEqual(3);
    expect(Object.keys(scraped[0]!.ok ? scraped[0]!.values : {}).length).toBeGreaterThan(0);
  }
  expect(summary.unexpectedRestarts).toBe(0);
  expect(findings.filter((finding) => finding.metric === "unexpected_restarts")).toEqual([]);
  const tickMs = series.ticks.map((tick) => tick.durationMs).sort((a, b) => a - b);
  await allure.parameter("tick ms (median)", String(tickMs[Math.floor(tickMs.length / 2)]));
  await allure.parameter("tmpfs method", series.tmpfsMethod);
});

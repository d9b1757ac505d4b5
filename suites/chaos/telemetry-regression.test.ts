// A baseline built from two short measured runs of the normal inference service, then a deliberately
// slowed model (ARTIFICIAL_DELAY_MS through a compose override): the baseline comparison must flag its
// latency as a regression beyond slo.regressionTolerance, and the history must keep all three runs.
import { expect } from "vitest";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as allure from "allure-js-commons";
import { describeEngine, localMachineClass } from "../../harness/baseline/machine-class.ts";
import { readBaselineHistory } from "../../harness/baseline/baseline-history.ts";
import { baselineTableText } from "../../harness/baseline/baseline-table.ts";
import { recordRunBaseline } from "../../harness/baseline/record-baseline.ts";
import { runLoad } from "../../harness/load/run-load.ts";
import { MetricRecorder } from "../../harness/metrics/metric-recorder.ts";
import type { StartedStack } from "../../harness/stack/launcher/started-stack.ts";
import type { StackProfile } from "../../harness/stack/profile.ts";
import type { Slo } from "../../harness/slo/slo.ts";
import { stackTest as test } from "../support/stack-fixture.ts";

const requestsPerRun = 16;

async function measure(stack: StartedStack, profile: StackProfile, slo: Slo, metricsFile: string): Promise<{ p50Ms: number; p95Ms: number }> {
  const endpoint = profile.endpoints.inference;
  const target = { url: stack.url(endpoint.service, endpoint.port, endpoint.completionPath), method: "POST" as const, body: { prompt: "The quick brown fox jumps over the lazy dog", n_predict: 16, temperature: 0 } };
  await runLoad({ target, mode: { kind: "closed", connections: 1, amount: 3 }, timeoutMs: slo.clientTimeoutMs });
  const result = await runLoad({ target, mode: { kind: "closed", connections: slo.nominalConcurrency, amount: requestsPerRun }, timeoutMs: slo.clientTimeoutMs, maxDurationMs: 60_000 });
  expect(result.errors.total, JSON.stringify(result.errors)).toBe(0);
  const recorder = new MetricRecorder(metricsFile, { source: "telemetry-regression" });
  await recorder.record("inference.p50_ms", result.latency.p50Ms!);
  await recorder.record("inference.p95_ms", result.latency.p95Ms!);
  return { p50Ms: result.latency.p50Ms!, p95Ms: result.latency.p95Ms! };
}

test("a deliberately slowed model is flagged as a latency regression against the stored baseline", async ({ launch, profile, slo, engine }) => {
  await allure.epic("Telemetry");
  await allure.feature("Performance baselines");
  const inference = profile.roles.inference;
  const dir = await mkdtemp(join(tmpdir(), "xnai-baseline-"));
  try {
    const historyFile = join(dir, "history", "baselines.jsonl");
    // only the inference service: the figure under test is its own latency
    const { loadCompose } = await import("../../harness/stack/compose/index.ts");
    const { composeFileOf } = await import("../../harness/stack/profile.ts");
    const others = Object.keys(loadCompose(composeFileOf(profile), { mode: "tolerant" }).services).filter((name) => name !== inference);
    const alone = Object.fromEntries(others.map((name) => [name, null]));
    const normal = await launch({ override: { services: alone }, instance: "base" });
    const machine = localMachineClass(await describeEngine(normal.docker, engine.target.kind));
    const record = async (runId: string, stack: StartedStack) => {
      const metricsFile = join(dir, `${runId}.metrics.jsonl`);
      const measured = await measure(stack, profile, slo, metricsFile);
      const recorded = await recordRunBaseline({ runId, metricsFile, historyFile, machine, slo });
      await allure.parameter(`${runId} p50/p95 ms`, `${measured.p50Ms.toFixed(1)} / ${measured.p95Ms.toFixed(1)}`);
      return { measured, ...recorded };
    };
    const first = await record("normal-1", normal);
    const second = await record("normal-2", normal);
    await normal.down();

    // slower than the baseline by twice the tolerance on top of the model's own time
    const delayMs = Math.ceil(Math.max(first.measured.p50Ms, second.measured.p50Ms) * (1 + 2 * slo.regressionTolerance));
    await allure.parameter("ARTIFICIAL_DELAY_MS", String(delayMs));
    const slowed = await launch({ override: { services: { ...alone, [inference]: { environment: { ARTIFICIAL_DELAY_MS: String(delayMs) } } } }, instance: "slow" });
    const slow = await record("slowed", slowed);
    const table = baselineTableText(slow.comparison);
    await allure.attachment("baseline comparison.txt", `${baselineTableText(second.comparison)}\n\n${table}`, "text/plain");

    expect(slow.comparison.baselineRunIds).toEqual(["normal-1", "normal-2"]);
    expect(slow.comparison.regressions.map((row) => row.id).sort(), table).toEqual(["inference.p50_ms", "inference.p95_ms"]);
    for (const row of slow.comparison.regressions) expect(row.worseBy).toBeGreaterThan(slo.regressionTolerance);
    expect((await readBaselineHistory(historyFile)).map((entry) => entry.runId)).toEqual(["normal-1", "normal-2", "slowed"]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

// N cold starts of the whole target stack (N = slo.startupRuns): every start must reach all-healthy,
// each service passing its own healthcheck in start order (success ratio >= slo.startupSuccessRatio).
// Records the slowest start-to-healthy and teardown and attaches the per-service distribution; a
// service whose healthcheck fails again right after the start is reported as a flap, not hidden.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { stackTest as test } from "./support/stack-fixture.ts";
import { renderTimeSeriesSvg } from "../harness/plots/time-series-svg.ts";
import type { LaunchRequest } from "./support/stack-fixture.ts";
import type { StartedStack } from "../harness/stack/launcher/started-stack.ts";
import type { AuditLog } from "../harness/audit/audit-log.ts";

interface StartRun {
  run: number;
  startedAtMs: number;
  ok: boolean;
  stackHealthyMs: number;
  imagesMs: number | undefined;
  teardownMs: number | undefined;
  perServiceMs: Record<string, number>;
  /** Services whose healthcheck failed on the confirmation pass right after the start. */
  flapped: string[];
  error?: string;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN;
};

type Launch = (req?: LaunchRequest) => Promise<StartedStack>;

async function coldStarts(launch: Launch, count: number, audit: AuditLog, req: LaunchRequest = {}): Promise<StartRun[]> {
  const runs: StartRun[] = [];
  const suiteStart = Date.now();
  for (let run = 1; run <= count; run++) {
    const startedAtMs = Date.now() - suiteStart;
    const t0 = Date.now();
    try {
      const stack = await launch({ ...req, instance: `start${run}` });
      const stackHealthyMs = Date.now() - t0;
      const services = [...stack.services.keys()];
      const verdicts = await Promise.all(services.map((service) => stack.healthy(service)));
      const flapped = services.filter((_, i) => !verdicts[i]);
      const { durationMs } = await stack.down();
      runs.push({ run, startedAtMs, ok: true, stackHealthyMs, imagesMs: stack.timings.imagesMs, teardownMs: durationMs, perServiceMs: { ...stack.timings.perService }, flapped });
    } catch (err) {
      runs.push({ run, startedAtMs, ok: false, stackHealthyMs: Date.now() - t0, imagesMs: undefined, teardownMs: undefined, perServiceMs: {}, flapped: [], error: (err as Error).message.split("\n")[0] });
    }
    const r = runs.at(-1)!;
    audit.append("cold-start", `run ${run}`, r.ok ? "ok" : "fail", { stackHealthyMs: r.stackHealthyMs, teardownMs: r.teardownMs, error: r.error, flapped: r.flapped });
  }
  return runs;
}

const successRatioOf = (runs: StartRun[]) => runs.filter((r) => r.ok).length / runs.length;

test("a start that cannot succeed counts as a failed run", async ({ launch, audit, profile, slo }) => {
  await allure.epic("startup");
  await allure.feature("negative controls");
  const service = profile.roles.gateway ?? profile.roles.api;
  const runs = await coldStarts(launch, 2, audit, { override: { services: { [service]: { image: "localhost/does-not-exist:1", build: null } } } });
  expect(successRatioOf(runs)).toBeLessThan(slo.startupSuccessRatio);
  expect(runs.map((r) => r.ok)).toEqual([false, false]);
  expect(runs[0]?.error).toMatch(new RegExp(`service '${service}' uses image 'localhost/does-not-exist:1'`));
});

test("the target stack starts healthy on every cold start", { timeout: 900_000 }, async ({ launch, slo, metrics, audit }) => {
  await allure.epic("startup");
  await allure.feature("cold start success");
  await allure.parameter("runs", String(slo.startupRuns));
  const runs = await coldStarts(launch, slo.startupRuns, audit);

  const ok = runs.filter((r) => r.ok);
  const successRatio = successRatioOf(runs);
  const healthy = ok.map((r) => r.stackHealthyMs);
  const teardowns = runs.flatMap((r) => (r.teardownMs === undefined ? [] : [r.teardownMs]));
  await metrics.record("startup.success_ratio", successRatio, `${ok.length}/${runs.length} cold starts healthy`);
  if (healthy.length) await metrics.record("startup.stack_healthy_ms", Math.max(...healthy), `median ${percentile(healthy, 50)} ms over ${healthy.length} healthy starts`);
  else await metrics.notRun("startup.stack_healthy_ms", "no start became healthy");
  if (teardowns.length) await metrics.record("startup.teardown_ms", Math.max(...teardowns), `median ${percentile(teardowns, 50)} ms`);
  else await metrics.notRun("startup.teardown_ms", "no stack was torn down");

  const services = [...new Set(runs.flatMap((r) => Object.keys(r.perServiceMs)))];
  const distribution = {
    runs,
    successRatio,
    stackHealthyMs: { p50: percentile(healthy, 50), max: Math.max(...healthy) },
    teardownMs: { p50: percentile(teardowns, 50), max: Math.max(...teardowns) },
    perServiceMs: Object.fromEntries(services.map((s) => {
      const v = runs.flatMap((r) => (r.perServiceMs[s] === undefined ? [] : [r.perServiceMs[s]!]));
      return [s, { p50: percentile(v, 50), max: Math.max(...v), values: v }];
    })),
  };
  await allure.attachment("startup distribution", JSON.stringify(distribution, null, 2), "application/json");
  const svg = renderTimeSeriesSvg({
    title: `Cold starts: time to ready (${runs.length} runs)`,
    yLabel: "ms",
    series: [
      { name: "stack healthy", points: runs.map((r) => ({ atMs: r.startedAtMs, value: r.ok ? r.stackHealthyMs : null })) },
      ...services.map((s) => ({ name: s, points: runs.map((r) => ({ atMs: r.startedAtMs, value: r.perServiceMs[s] ?? null })) })),
    ],
    threshold: { value: slo.stackHealthyMs, label: "stackHealthyMs SLO" },
  });
  await allure.attachment("startup time to ready", svg, "image/svg+xml");

  const flaps = runs.filter((r) => r.flapped.length).map((r) => `run ${r.run}: ${r.flapped.join(", ")} failed the healthcheck again right after the start`);
  if (flaps.length) await allure.attachment("healthcheck flaps after start", flaps.join("\n"), "text/plain");
  const failures = runs.filter((r) => !r.ok).map((r) => `run ${r.run}: ${r.error}`);
  expect(successRatio, failures.join("\n")).toBeGreaterThanOrEqual(slo.startupSuccessRatio);
});

// Every chaos scenario of scenarios/ against one private stack per file (api dependencies routed through
// an interposer). The runner checks steady state before and after each scenario; a scenario that leaves
// the stack unsteady gets it torn down, and the next one launches a fresh stack.
import * as allure from "allure-js-commons";
import { expect } from "vitest";
import { readEnv, readVariables, runFiles } from "../../harness/config/env.ts";
import { MetricRecorder } from "../../harness/metrics/metric-recorder.ts";
import { allureReporter } from "../../harness/chaos/allure-reporter.ts";
import { launchChaosStack } from "../../harness/chaos/launch-chaos-stack.ts";
import { runScenario } from "../../harness/chaos/run-scenario.ts";
import type { Scenario } from "../../harness/chaos/scenario.ts";
import { profileRoles, type StackChaosContext } from "../../harness/chaos/stack-context.ts";
import { healthProbe } from "../../harness/chaos/stack-probes.ts";
import { stackSteadyState, steadyAgainDeadlineMs } from "../../harness/chaos/stack-steady-state.ts";
import { serviceContainer } from "../../harness/faults/container-ref.ts";
import { isSteadyLoadReport, steadyLoadLatency } from "../../harness/chaos/steady-load.ts";
import { watchStack } from "../../harness/telemetry/stack-telemetry.ts";
import { failureDiagnostics } from "../../harness/chaos/failure-diagnostics.ts";
import { freeze } from "../../harness/faults/container-faults.ts";
import { injectedFault } from "../../harness/faults/fault.ts";
import { resolveTarget } from "../../harness/stack/target.ts";
import { waitUntil } from "../../harness/util/wait-until.ts";
import type { StartedStack } from "../../harness/stack/launcher/started-stack.ts";
import type { Slo } from "../../harness/slo/slo.ts";
import type { StackProfile } from "../../harness/stack/profile.ts";
import { stackTest } from "../support/stack-fixture.ts";
import { containerKillScenario } from "../../scenarios/container-kill.scenario.ts";
import { containerRestartScenario } from "../../scenarios/container-restart.scenario.ts";
import { rollingRestartScenario } from "../../scenarios/rolling-restart.scenario.ts";
import { inferencePartitionScenario } from "../../scenarios/inference-partition.scenario.ts";
import { redisPartitionScenario } from "../../scenarios/redis-partition.scenario.ts";
import { inferenceLatencyScenario } from "../../scenarios/inference-latency.scenario.ts";

type Factory = (profile: StackProfile, slo: Slo) => Scenario<StackChaosContext>;

// Test names come from the target's roles, known before any fixture runs.
const { profile: targetProfile } = await resolveTarget(readEnv());
const factories: [string, Factory][] = [
  ...profileRoles(targetProfile).flatMap((role): [string, Factory][] => [
    [`sigkill-${role}`, (p, s) => containerKillScenario(role, p, s)],
    [`restart-${role}`, (p, s) => containerRestartScenario(role, p, s)],
  ]),
  ["rolling-restart", rollingRestartScenario],
  ["partition-api-inference", inferencePartitionScenario],
  ["partition-api-redis", redisPartitionScenario],
  ["latency-api-inference", inferenceLatencyScenario],
];

const auditOutcome = { passed: "ok", failed: "fail", aborted: "error", "not-run": "not-run" } as const;

interface ChaosStack {
  /** The file's stack, once steady state holds (relaunched once if it never settles). */
  current(): Promise<StartedStack>;
  discard(): Promise<void>;
  /** Slowest recovery so far, recorded as chaos.recovery_ms after each scenario (the last record wins). */
  noteRecovery(scenario: string, ms: number): Promise<void>;
}

const test = stackTest.extend<{ chaos: ChaosStack }>({
  chaos: [
    async ({ engine, profile, slo, capabilities }, use) => {
      let stack: StartedStack | undefined;
      let launches = 0;
      let slowest: { scenario: string; ms: number } | undefined;
      const metrics = new MetricRecorder(runFiles(readEnv()).metrics, { source: "suites/chaos/chaos-scenarios.test.ts" });
      await use({
        async current() {
          for (let attempt = 0; ; attempt++) {
            stack ??= (await launchChaosStack({ session: engine, profile, capabilities, variables: readVariables(), instance: `chaos${++launches}` })).stack;
            const ctx = { stack, profile, slo, target: engine.target, capabilities };
            const checks = stackSteadyState(profile);
            const settled = await waitUntil(async () => (await Promise.all(checks.map(async (c) => c.tolerance.accepts(await c.probe.measure(ctx))))).every(Boolean), { timeoutMs: steadyAgainDeadlineMs(slo), intervalMs: 500, what: "the chaos stack in steady state" }).then(() => true, () => false);
            if (settled) return stack;
            await stack.down();
            stack = undefined;
            if (attempt > 0) throw new Error(`the chaos stack did not reach steady state within ${steadyAgainDeadlineMs(slo)} ms, twice`);
          }
        },
        async discard() {
          await stack?.down();
          stack = undefined;
        },
        async noteRecovery(scenario, ms) {
          if (slowest && slowest.ms >= ms) return;
          slowest = { scenario, ms };
          await metrics.record("chaos.recovery_ms", ms, `slowest recovery: ${scenario}`);
        },
      });
      if (!slowest) await metrics.notRun("chaos.recovery_ms", "no chaos scenario measured a recovery (see reports/journals)");
      await stack?.down();
    },
    { scope: "file" },
  ],
});

for (const [name, factory] of factories) {
  test(name, async ({ chaos, engine, profile, slo, capabilities, audit, metrics, skip }) => {
    const scenario = factory(profile, slo);
    await allure.epic("chaos");
    await allure.feature(scenario.tags[0] ?? "chaos");
    for (const t of scenario.tags) await allure.tag(t);
    const stack = await chaos.current();
    // the scenario's own telemetry: its fault windows shaded, its steady load's latency on the same axis
    const telemetry = watchStack(stack, profile, { slo, label: `telemetry ${scenario.name}`, metrics });
    const run = await runScenario(scenario, { stack, profile, slo, target: engine.target, capabilities }, {
      capabilities,
      journalDir: runFiles(readEnv()).journals,
      reporter: allureReporter,
      onFault: (label, startMs, endMs) => stack.disturbances.mark(label, startMs, endMs),
    });
    const activity = run.journal.activity;
    const { findings } = await telemetry.finish(isSteadyLoadReport(activity) ? { latency: steadyLoadLatency(activity.records), latencyThresholdMs: slo.inferenceP95Ms } : {});
    // a run that did not pass takes every service's last log lines with it: the first thing a reader needs
    if (run.status !== "passed" && run.status !== "not-run") {
      for (const d of await failureDiagnostics(stack, profile.roles.api)) await allure.attachment(d.name, d.text, "text/plain");
    }
    if (findings.length) console.log(`${scenario.name}: telemetry findings\n  ${findings.map((f) => `${f.time} ${f.service} ${f.metric}: ${f.message}`).join("\n  ")}`);
    audit.append("chaos-scenario", scenario.name, auditOutcome[run.status], { status: run.status, reasons: run.reasons, journal: run.journalFile });
    const verdicts = run.journal.expectations.map((e) => `${e.verdict === "pass" ? "ok" : e.verdict}: ${e.name} (${e.detail})`);
    console.log(`${scenario.name}: ${run.status} in ${run.journal.durationMs} ms\n  ${verdicts.join("\n  ")}${run.reasons.length ? `\n  reasons: ${run.reasons.join("; ")}` : ""}`);
    const recoveries = run.journal.expectations.map((e) => e.values?.recoveryMs).filter((v): v is number => v !== undefined);
    if (recoveries.length) await chaos.noteRecovery(scenario.name, Math.max(...recoveries));
    if (run.reasons.some((r) => r.startsWith("steady state did not hold within") || r.startsWith("rollback failed"))) await chaos.discard();
    // Reported, with its reason, in the journal, the audit log and the test report: never silently.
    if (run.status === "not-run") return skip(`not-run: ${run.reasons.join("; ")}`);
    expect(run.status, `${scenario.name}: ${run.reasons.join("\n")} (journal ${run.journalFile})`).toBe("passed");
  });
}

// Negative control of the runner on the real stack: a fault whose undo thaws the container but then
// reports failure must fail the run, whatever else went well.
test("a scenario whose rollback fails fails the run", async ({ chaos, engine, profile, slo, capabilities }) => {
  const role = profileRoles(profile).find((r) => r !== "gateway" && r !== "api") ?? "redis";
  const scenario: Scenario<StackChaosContext> = {
    name: `broken-rollback-freeze-${role}`,
    tags: ["negative-control", "freeze"],
    requires: [],
    steadyState: stackSteadyState(profile),
    recoveryTimeoutMs: steadyAgainDeadlineMs(slo),
    faults: [
      {
        name: `freeze ${role}, undo reports failure`,
        async inject(ctx) {
          const fault = await freeze(serviceContainer(ctx.stack, ctx.stack.roleService(role)), { pauseAvailable: ctx.capabilities.pause.available });
          return injectedFault(fault.kind, fault.target, `${fault.description} (undo broken on purpose)`, fault.detail, async () => {
            await fault.undo();
            throw new Error("undo broken on purpose");
          }, fault.window.startedAtMs);
        },
      },
    ],
    observe: { probes: [healthProbe(role)], intervalMs: 200, durationMs: 1_000 },
    expectations: [],
  };
  const stack = await chaos.current();
  const run = await runScenario(scenario, { stack, profile, slo, target: engine.target, capabilities }, { capabilities, journalDir: runFiles(readEnv()).journals, reporter: allureReporter });
  expect(run.status).toBe("failed");
  expect(run.reasons.join("\n")).toMatch(/rollback failed: .*undo broken on purpose/);
  // The thaw itself happened: the stack is steady again, so later scenarios are unaffected.
  expect(run.journal.steps.find((s) => s.phase === "steady-state-after")?.ok).toBe(true);
});

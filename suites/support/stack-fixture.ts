// Fixtures of the container suites. Each owns its teardown:
// - engine, profile, slo, capabilities: per file;
// - stack: the shared stack of the `stack` project (attached from its global setup), sampled beside
//   each suite file that uses it;
// - launch: starts a private stack (for destructive tests) with the telemetry sampler beside it,
//   removed when the test ends;
// - metrics, audit: append to the run's files.
import { relative } from "node:path";
import { expect, inject, test as base } from "vitest";
import { readEnv, readVariables, runFiles } from "../../harness/config/env.ts";
import { openEngineSession, type EngineSession } from "../../harness/engine/engine-session.ts";
import type { Capabilities } from "../../harness/engine/capabilities.ts";
import { loadProfile, composeFileOf, type StackProfile } from "../../harness/stack/profile.ts";
import { resolveTarget } from "../../harness/stack/target.ts";
import { attachStack } from "../../harness/stack/launcher/attach-stack.ts";
import { launchStack } from "../../harness/stack/launcher/launch-stack.ts";
import type { StartedStack } from "../../harness/stack/launcher/started-stack.ts";
import { loadComposeVariant, type ComposeOverride } from "../../harness/stack/compose/override.ts";
import { MetricRecorder } from "../../harness/metrics/metric-recorder.ts";
import { AuditLog } from "../../harness/audit/audit-log.ts";
import { watchStack } from "../../harness/telemetry/stack-telemetry.ts";
import { failureDiagnostics } from "../../harness/chaos/failure-diagnostics.ts";
import * as allure from "allure-js-commons";
import { writeTelemetryResult } from "../../harness/telemetry/telemetry-result-file.ts";
import type { Slo } from "../../harness/slo/slo.ts";
import { capabilitiesFor, sloFor } from "./target-context.ts";

export interface LaunchRequest {
  /** Compose override merged over the target (a variant). */
  override?: ComposeOverride;
  /** Extra interpolation variables (e.g. REDIS_PERSISTENCE). */
  variables?: Record<string, string>;
  /** Short instance name, shown in container names. */
  instance?: string;
  /** Launch on this engine session instead of the default one (e.g. rootful for enforced limits). */
  session?: EngineSession;
  /**
   * The sampler beside the stack: "record" reports it and feeds the run's telemetry figures (the
   * default for the target as it is), "attach" only reports it (the default for an override: a
   * deliberately altered stack's findings are expected), "off" for a test that samples by itself.
   */
  telemetry?: "record" | "attach" | "off";
}

export interface StackFixtures {
  engine: EngineSession;
  profile: StackProfile;
  slo: Slo;
  capabilities: Capabilities;
  stack: StartedStack;
  launch: (req?: LaunchRequest) => Promise<StartedStack>;
  metrics: MetricRecorder;
  audit: AuditLog;
}

export const stackTest = base.extend<StackFixtures>({
  engine: [async ({}, use) => use(openEngineSession()), { scope: "file" }],
  profile: [
    async ({}, use) => {
      const file = inject("profileFile");
      await use(file ? await loadProfile(file) : (await resolveTarget(readEnv())).profile);
    },
    { scope: "file" },
  ],
  slo: [async ({ profile }, use) => use(sloFor(profile)), { scope: "file" }],
  capabilities: [async ({ engine }, use) => use(await capabilitiesFor(readEnv(), engine)), { scope: "file" }],
  stack: [
    async ({ engine, profile, slo }, use) => {
      const info = inject("stackInfo");
      if (!info) throw new Error("no shared stack: this fixture belongs to the `stack` project (its global setup starts the stack)");
      const stack = attachStack(info, engine, profile);
      // the shared stack's telemetry beside this suite file, as an entry of its own in the report
      const file = relative(readEnv().projectRoot, expect.getState().testPath ?? "unknown file");
      const startMs = Date.now();
      const telemetry = watchStack(stack, profile, {
        slo,
        // the latency SLO suites run on this stack: every 2 s halves what sampling costs them
        intervalMs: 2_000,
        finishOnDown: false,
        metrics: new MetricRecorder(runFiles(readEnv()).metrics, { source: file }),
        report: (attachAll) =>
          writeTelemetryResult(
            { resultsDir: runFiles(readEnv()).allureResults, name: `telemetry of the shared stack beside ${file}`, fullName: `${file}#telemetry`, startMs, labels: { epic: "Telemetry", feature: "Shared stack", suite: file } },
            attachAll,
          ),
      });
      await use(stack);
      await telemetry.finish();
    },
    { scope: "file" },
  ],
  launch: async ({ engine, profile, capabilities, slo, metrics, task }, use) => {
    const started: StartedStack[] = [];
    await use(async (req: LaunchRequest = {}) => {
      const composeFile = composeFileOf(profile);
      const variables = { ...readVariables(), ...(req.variables ?? {}) };
      const model = req.override ? loadComposeVariant(composeFile, req.override, { mode: "strict", variables }) : undefined;
      const session = req.session ?? engine;
      const stack = await launchStack({
        session,
        composeFile,
        profile,
        variables,
        model,
        instance: req.instance ?? "t",
        memoryLimitsEnforced: session.target.kind === engine.target.kind ? capabilities.memoryLimits.available : undefined,
      });
      started.push(stack);
      const telemetry = req.telemetry ?? (req.override ? "attach" : "record");
      if (telemetry !== "off") watchStack(stack, profile, { slo, label: `telemetry ${stack.prefix}`, ...(telemetry === "record" ? { metrics } : {}) });
      return stack;
    });
    try {
      // a failed test takes each stack's logs and the api's name-lookup times with it, while the stacks are up
      if (task.result?.state === "fail" || (task.result?.errors?.length ?? 0) > 0) {
        for (const stack of started) {
          for (const d of await failureDiagnostics(stack, profile.roles.api)) await allure.attachment(`${stack.prefix}: ${d.name}`, d.text, "text/plain");
        }
      }
    } finally {
      await Promise.all(started.map((s) => s.down()));
    }
  },
  metrics: async ({ task }, use) => use(new MetricRecorder(runFiles(readEnv()).metrics, { source: task.file?.name ?? task.name })),
  audit: async ({ task }, use) => use(new AuditLog(runFiles(readEnv()).audit, `suite:${task.file?.name ?? task.name}`)),
});

// Fixtures of the container suites. Each owns its teardown:
// - engine, profile, slo, capabilities: per file;
// - stack: the shared stack of the `stack` project (attached from its global setup);
// - launch: starts a private stack (for destructive tests), removed when the test ends;
// - metrics, audit: append to the run's files.
import { inject, test as base } from "vitest";
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
    async ({ engine, profile }, use) => {
      const info = inject("stackInfo");
      if (!info) throw new Error("no shared stack: this fixture belongs to the `stack` project (its global setup starts the stack)");
      await use(attachStack(info, engine, profile));
    },
    { scope: "file" },
  ],
  launch: async ({ engine, profile, capabilities }, use) => {
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
      return stack;
    });
    await Promise.all(started.map((s) => s.down()));
  },
  metrics: async ({ task }, use) => use(new MetricRecorder(runFiles(readEnv()).metrics, { source: task.file?.name ?? task.name })),
  audit: async ({ task }, use) => use(new AuditLog(runFiles(readEnv()).audit, `suite:${task.file?.name ?? task.name}`)),
});

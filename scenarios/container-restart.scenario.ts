// Graceful restart (SIGTERM, then start) of one role's container under steady load.
import { serviceContainer } from "../harness/faults/container-ref.ts";
import { restart } from "../harness/faults/container-faults.ts";
import { defineScenario, type Scenario } from "../harness/chaos/scenario.ts";
import { healthProbe } from "../harness/chaos/stack-probes.ts";
import { stackSteadyState, steadyAgainDeadlineMs, steadyLoadActivity } from "../harness/chaos/stack-steady-state.ts";
import { dependencyErrors, noHangingRequests, recovery } from "../harness/chaos/stack-expectations.ts";
import type { StackChaosContext } from "../harness/chaos/stack-context.ts";
import type { Slo } from "../harness/slo/slo.ts";
import type { Role, StackProfile } from "../harness/stack/profile.ts";
import { servingRoles } from "./container-kill.scenario.ts";

/** Docker's default stop timeout, used when compose sets no stop_grace_period. */
export const defaultStopTimeoutS = 10;

export function containerRestartScenario(role: Role, profile: StackProfile, slo: Slo): Scenario<StackChaosContext> {
  return defineScenario<StackChaosContext>({
    name: `restart-${role}`,
    tags: ["container", "restart", role],
    requires: [],
    steadyState: stackSteadyState(profile),
    recoveryTimeoutMs: steadyAgainDeadlineMs(slo),
    activity: steadyLoadActivity,
    faults: [{ name: `restart ${role}`, inject: (ctx) => restart(serviceContainer(ctx.stack, ctx.stack.roleService(role)), defaultStopTimeoutS) }],
    observe: { probes: [healthProbe(role)], intervalMs: 200, durationMs: slo.recoveryMs, until: (samples) => samples.some((s) => s.value === true) },
    expectations: [noHangingRequests, recovery(role), ...(servingRoles.includes(role) ? [] : [dependencyErrors(role)])],
  });
}

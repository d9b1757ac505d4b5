// SIGKILL one role's container under steady load: errors, time to recovery, and whether the engine's
// restart policy brought it back by itself (if not, the suite starts it and says so).
import { serviceContainer, type ContainerState } from "../harness/faults/container-ref.ts";
import { sigkill } from "../harness/faults/container-faults.ts";
import { defineScenario, type Scenario } from "../harness/chaos/scenario.ts";
import { containerProbe, healthProbe } from "../harness/chaos/stack-probes.ts";
import { stackSteadyState, steadyAgainDeadlineMs, steadyLoadActivity } from "../harness/chaos/stack-steady-state.ts";
import { dependencyErrors, noHangingRequests, recovery, restartPolicyActed } from "../harness/chaos/stack-expectations.ts";
import type { StackChaosContext } from "../harness/chaos/stack-context.ts";
import type { Slo } from "../harness/slo/slo.ts";
import type { Role, StackProfile } from "../harness/stack/profile.ts";

/** Roles that serve the request themselves: while they are down, clients get errors by design. */
export const servingRoles: readonly Role[] = ["gateway", "api"];

export function containerKillScenario(role: Role, profile: StackProfile, slo: Slo): Scenario<StackChaosContext> {
  return defineScenario<StackChaosContext>({
    name: `sigkill-${role}`,
    tags: ["container", "sigkill", role],
    requires: [],
    steadyState: stackSteadyState(profile),
    recoveryTimeoutMs: steadyAgainDeadlineMs(slo),
    activity: steadyLoadActivity,
    faults: [{ name: `SIGKILL ${role}`, inject: (ctx) => sigkill(serviceContainer(ctx.stack, ctx.stack.roleService(role))) }],
    observe: {
      probes: [containerProbe(role), healthProbe(role)],
      intervalMs: 200,
      durationMs: slo.recoveryMs,
      until: (samples, faults) => {
        const before = faults[0]?.detail.startedAtBefore;
        const back = samples.findIndex((s) => s.probe === `container:${role}` && s.ok && (s.value as ContainerState).running && (s.value as ContainerState).startedAt !== before);
        return back >= 0 && samples.slice(back).some((s) => s.probe === `health:${role}` && s.value === true);
      },
    },
    expectations: [noHangingRequests, recovery(role), restartPolicyActed(role), ...(servingRoles.includes(role) ? [] : [dependencyErrors(role)])],
  });
}

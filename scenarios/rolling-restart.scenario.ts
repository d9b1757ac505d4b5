// Rolling restart of every role's service, dependencies first, each awaited healthy before the next.
import { serviceContainer } from "../harness/faults/container-ref.ts";
import { restart } from "../harness/faults/container-faults.ts";
import { defineScenario, type ExpectationResult, type Scenario } from "../harness/chaos/scenario.ts";
import { healthProbe, queryProbe } from "../harness/chaos/stack-probes.ts";
import { stackSteadyState, steadyAgainDeadlineMs, steadyLoadActivity } from "../harness/chaos/stack-steady-state.ts";
import { loadOf, noHangingRequests } from "../harness/chaos/stack-expectations.ts";
import { isFailure } from "../harness/chaos/load-verdicts.ts";
import { profileRoles, type StackChaosContext } from "../harness/chaos/stack-context.ts";
import { waitUntil } from "../harness/util/wait-until.ts";
import type { Slo } from "../harness/slo/slo.ts";
import type { StackProfile } from "../harness/stack/profile.ts";
import { defaultStopTimeoutS } from "./container-restart.scenario.ts";

export function rollingRestartScenario(profile: StackProfile, slo: Slo): Scenario<StackChaosContext> {
  const roles = profileRoles(profile);
  return defineScenario<StackChaosContext>({
    name: "rolling-restart",
    tags: ["container", "restart", "rolling"],
    requires: [],
    steadyState: stackSteadyState(profile),
    recoveryTimeoutMs: steadyAgainDeadlineMs(slo),
    activity: steadyLoadActivity,
    faults: roles.map((role) => ({
      name: `restart ${role}`,
      async inject(ctx) {
        const fault = await restart(serviceContainer(ctx.stack, ctx.stack.roleService(role)), defaultStopTimeoutS);
        const health = healthProbe(role);
        // Judged against recoveryMs below; waiting longer only tells a slow service from a broken one.
        await waitUntil(() => health.measure(ctx), { timeoutMs: steadyAgainDeadlineMs(ctx.slo), intervalMs: 100, what: `${role} healthy after its restart` });
        fault.detail.healthyAfterMs = Date.now() - fault.window.startedAtMs;
        return fault;
      },
    })),
    observe: { probes: [queryProbe], intervalMs: 200, durationMs: 1_000 },
    expectations: [
      noHangingRequests,
      {
        name: "each service healthy within recoveryMs of its restart",
        evaluate(e, ctx): ExpectationResult {
          const times = Object.fromEntries(e.faults.map((f) => [f.target, Number(f.detail.healthyAfterMs)]));
          const slowest = Math.max(...Object.values(times));
          const errors = loadOf(e).records.filter(isFailure).length;
          return { name: this.name, verdict: slowest <= ctx.slo.recoveryMs ? "pass" : "fail", detail: `healthy after (ms): ${JSON.stringify(times)}; ${errors} failed or degraded answers during the roll`, values: { recoveryMs: slowest, errors } };
        },
      },
    ],
  });
}

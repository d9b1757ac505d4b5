// Partition the inference service from the api's network: the api's inference breaker must open and
// answer fast 503 circuit_open instead of hanging or failing otherwise.
import { serviceContainer } from "../harness/faults/container-ref.ts";
import { partition } from "../harness/faults/network-faults.ts";
import { defineScenario, type Scenario } from "../harness/chaos/scenario.ts";
import { healthProbe, queryProbe } from "../harness/chaos/stack-probes.ts";
import { stackSteadyState, steadyAgainDeadlineMs, steadyLoadActivity } from "../harness/chaos/stack-steady-state.ts";
import { breakerOpened, dependencyErrors, noHangingRequests, recovery } from "../harness/chaos/stack-expectations.ts";
import { breakerFor, breakerOpenedAndRetried, sharedNetworks } from "../harness/chaos/scenario-parts.ts";
import type { StackChaosContext } from "../harness/chaos/stack-context.ts";
import type { Slo } from "../harness/slo/slo.ts";
import type { StackProfile } from "../harness/stack/profile.ts";

export function inferencePartitionScenario(profile: StackProfile, slo: Slo): Scenario<StackChaosContext> {
  const breaker = breakerFor(profile, "inference");
  return defineScenario<StackChaosContext>({
    name: "partition-api-inference",
    tags: ["network", "partition", "inference", "breaker"],
    requires: [],
    steadyState: stackSteadyState(profile),
    recoveryTimeoutMs: steadyAgainDeadlineMs(slo),
    activity: steadyLoadActivity,
    faults: [
      {
        name: "disconnect inference from the api's networks",
        async inject(ctx) {
          const inference = ctx.stack.roleService("inference");
          const [net, ...more] = sharedNetworks(ctx.stack, ctx.stack.roleService("api"), inference);
          if (!net || more.length) throw new Error(`expected one network shared by api and inference, found ${[net, ...more].join(", ") || "none"}`);
          return partition(ctx.target, serviceContainer(ctx.stack, inference), net);
        },
      },
    ],
    observe: { probes: [queryProbe, healthProbe("api")], intervalMs: 500, durationMs: (breaker?.callTimeoutMs ?? slo.clientTimeoutMs) + 2 * (breaker?.resetTimeoutMs ?? 0) + 1_000, until: breakerOpenedAndRetried(breaker, slo.clientTimeoutMs) },
    expectations: [breakerOpened("inference"), dependencyErrors("inference"), noHangingRequests, recovery("inference", "fault-end")],
  });
}

// Partition Redis from the api's network: the api must keep answering, degraded, with no 5xx.
import { serviceContainer } from "../harness/faults/container-ref.ts";
import { partition } from "../harness/faults/network-faults.ts";
import { defineScenario, type Scenario } from "../harness/chaos/scenario.ts";
import { healthProbe } from "../harness/chaos/stack-probes.ts";
import { stackSteadyState, steadyAgainDeadlineMs, steadyLoadActivity } from "../harness/chaos/stack-steady-state.ts";
import { degradedAnswers, dependencyErrors, noHangingRequests, recovery } from "../harness/chaos/stack-expectations.ts";
import { breakerFor, sharedNetworks } from "../harness/chaos/scenario-parts.ts";
import type { StackChaosContext } from "../harness/chaos/stack-context.ts";
import type { Slo } from "../harness/slo/slo.ts";
import type { StackProfile } from "../harness/stack/profile.ts";

export function redisPartitionScenario(profile: StackProfile, slo: Slo): Scenario<StackChaosContext> {
  const breaker = breakerFor(profile, "redis");
  const windowMs = (breaker?.callTimeoutMs ?? 0) + (breaker?.resetTimeoutMs ?? slo.clientTimeoutMs);
  return defineScenario<StackChaosContext>({
    name: "partition-api-redis",
    tags: ["network", "partition", "redis", "degraded"],
    requires: [],
    steadyState: stackSteadyState(profile),
    recoveryTimeoutMs: steadyAgainDeadlineMs(slo),
    activity: steadyLoadActivity,
    faults: [
      {
        name: "disconnect redis from the api's networks",
        async inject(ctx) {
          const redis = ctx.stack.roleService("redis");
          const [net, ...more] = sharedNetworks(ctx.stack, ctx.stack.roleService("api"), redis);
          if (!net || more.length) throw new Error(`expected one network shared by api and redis, found ${[net, ...more].join(", ") || "none"}`);
          return partition(ctx.target, serviceContainer(ctx.stack, redis), net);
        },
      },
    ],
    // No query probe here: with Redis gone every query reaches inference, and the steady load already
    // shows the degraded answers; extra queries would overload inference and blur the verdict.
    observe: { probes: [healthProbe("api"), healthProbe("redis")], intervalMs: 250, durationMs: windowMs + slo.clientTimeoutMs },
    expectations: [degradedAnswers, dependencyErrors("redis"), noHangingRequests, recovery("redis", "fault-end")],
  });
}

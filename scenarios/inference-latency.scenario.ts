// Latency between the api and inference above the breaker's call timeout (through the interposer):
// calls time out, the breaker opens and answers fast 503 circuit_open; nothing hangs.
import { resetProxies } from "../harness/faults/proxy-client.ts";
import { latency } from "../harness/faults/proxy-faults.ts";
import { apiLink } from "../harness/chaos/launch-chaos-stack.ts";
import { defineScenario, type Scenario } from "../harness/chaos/scenario.ts";
import { healthProbe, queryProbe } from "../harness/chaos/stack-probes.ts";
import { stackSteadyState, steadyAgainDeadlineMs, steadyLoadActivity } from "../harness/chaos/stack-steady-state.ts";
import { breakerOpened, dependencyErrors, noHangingRequests, recovery } from "../harness/chaos/stack-expectations.ts";
import { breakerFor, breakerOpenedAndRetried } from "../harness/chaos/scenario-parts.ts";
import type { StackChaosContext } from "../harness/chaos/stack-context.ts";
import type { Slo } from "../harness/slo/slo.ts";
import type { StackProfile } from "../harness/stack/profile.ts";

export function inferenceLatencyScenario(profile: StackProfile, slo: Slo): Scenario<StackChaosContext> {
  const breaker = breakerFor(profile, "inference");
  const callTimeoutMs = breaker?.callTimeoutMs ?? slo.clientTimeoutMs;
  // Well above the call timeout (four timing tolerances), so every call through the link times out.
  const latencyMs = callTimeoutMs + slo.breakerTimingToleranceMs * 4;
  return defineScenario<StackChaosContext>({
    name: "latency-api-inference",
    tags: ["network", "latency", "inference", "breaker", "proxy"],
    requires: [],
    steadyState: stackSteadyState(profile),
    recoveryTimeoutMs: steadyAgainDeadlineMs(slo),
    activity: steadyLoadActivity,
    faults: [{ name: `latency ${latencyMs} ms on api->inference`, inject: (ctx) => latency(apiLink(ctx.stack, ctx.profile, "inference"), latencyMs) }],
    observe: { probes: [queryProbe, healthProbe("api")], intervalMs: 500, durationMs: 2 * callTimeoutMs + (breaker?.resetTimeoutMs ?? 0) + 1_000, until: breakerOpenedAndRetried(breaker, slo.clientTimeoutMs) },
    rollback: async (ctx) => resetProxies(apiLink(ctx.stack, ctx.profile, "inference").apiUrl),
    expectations: [breakerOpened("inference"), dependencyErrors("inference"), noHangingRequests, recovery("inference", "fault-end")],
  });
}

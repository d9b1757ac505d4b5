// The steady state of a stack as its clients see it: every role healthy, and a query answered 200,
// not degraded, within the SLO's client timeout. Plus the small steady load scenarios run under.
import type { StackProfile } from "../stack/profile.ts";
import { check, type Activity, type SteadyStateCheck } from "./scenario.ts";
import { healthProbe, queryProbe } from "./stack-probes.ts";
import { apiKeyHeader, profileRoles, queryBody, queryUrl, type StackChaosContext } from "./stack-context.ts";
import { startSteadyLoad } from "./steady-load.ts";

const healthy = { describe: "healthy (HTTP 200 / authenticated PONG)", accepts: (v: boolean) => v === true };

export function stackSteadyState(profile: StackProfile): SteadyStateCheck<StackChaosContext, unknown>[] {
  return [
    ...profileRoles(profile).map((role) => check(healthProbe(role), healthy)),
    check(queryProbe, { describe: "200 and not degraded", accepts: (q) => q.status === 200 && q.degraded !== true }),
  ] as SteadyStateCheck<StackChaosContext, unknown>[];
}

/** Small and bounded on purpose: enough to see every second of an outage, not enough to load the host. */
export const chaosLoad = { ratePerSec: 2, maxDurationMs: 120_000 };

export function steadyLoadActivity(ctx: StackChaosContext): Activity {
  return startSteadyLoad({ url: queryUrl(ctx), headers: apiKeyHeader(ctx), body: queryBody, ratePerSec: chaosLoad.ratePerSec, timeoutMs: ctx.slo.clientTimeoutMs, maxDurationMs: chaosLoad.maxDurationMs });
}

/**
 * How long steady state may take to return after the rollback before the stack counts as broken: a
 * restarted service may need as long as a cold start. Recovery itself is judged against recoveryMs.
 */
export function steadyAgainDeadlineMs(slo: { recoveryMs: number; stackHealthyMs: number }): number {
  return slo.recoveryMs + slo.stackHealthyMs;
}

// Expectations of stack scenarios, judged from the SLO and the profile only.
import type { Role } from "../stack/profile.ts";
import type { ContainerState } from "../faults/container-ref.ts";
import { hangingRequests, isCircuitOpen, isFailure, judgeDependencyErrors, requestRecoveryAtMs } from "./load-verdicts.ts";
import type { Evidence, Expectation, ExpectationResult, Sample } from "./scenario.ts";
import { restartPolicyOf, type StackChaosContext } from "./stack-context.ts";
import type { SteadyLoadReport } from "./steady-load.ts";

type StackExpectation = Expectation<StackChaosContext>;

export function loadOf(e: Evidence): SteadyLoadReport {
  const report = e.activity as SteadyLoadReport | undefined;
  if (!report?.records) throw new Error("scenario ran without steady load: no records to judge");
  return report;
}

const result = (name: string, ok: boolean, detail: string, values?: Record<string, number>): ExpectationResult => ({ name, verdict: ok ? "pass" : "fail", detail, ...(values ? { values } : {}) });

export const noHangingRequests: StackExpectation = {
  name: "no request hangs past clientTimeoutMs",
  evaluate(e, ctx) {
    const load = loadOf(e);
    const hung = hangingRequests(load.records, ctx.slo.clientTimeoutMs);
    const slowest = Math.max(0, ...load.records.map((r) => r.endedAtMs - r.sentAtMs));
    return result(this.name, hung.length === 0, `${hung.length} of ${load.records.length} requests unanswered within ${ctx.slo.clientTimeoutMs} ms; slowest answer ${slowest} ms`, { hung: hung.length, slowestMs: slowest });
  },
};

/** During a fault of a dependency: only the breaker's fast 503s (or none when the api must degrade). */
export function dependencyErrors(role: Role): StackExpectation {
  return {
    name: `5xx during the ${role} fault are only circuit_open`,
    evaluate(e, ctx) {
      const degrades = ctx.profile.degradesWithout?.api?.includes(role) ?? false;
      const breaker = degrades ? undefined : ctx.profile.breakers.list.find((b) => b.guards === role);
      const v = judgeDependencyErrors(loadOf(e).records, breaker, { startMs: e.faultStartedAtMs ?? 0, endMs: e.faultEndedAtMs ?? Date.now() });
      const guarded = ctx.profile.breakers.list.some((b) => b.guards === role);
      return result(this.name, v.ok, `${degrades ? "api must degrade: " : guarded ? "" : `${role} is not a guarded dependency: `}${v.detail}`, { fiveHundreds: v.fiveHundreds, circuitOpen: v.circuitOpen, violations: v.violations });
    },
  };
}

/** The breaker guarding `role` answered fast 503 circuit_open (faster than its own call timeout). */
export function breakerOpened(role: Role): StackExpectation {
  return {
    name: `the ${role} breaker opens and fails fast`,
    evaluate(e, ctx) {
      const breaker = ctx.profile.breakers.list.find((b) => b.guards === role);
      if (!breaker) return { name: this.name, verdict: "fail", detail: `the profile lists no breaker guarding ${role}` };
      const open = loadOf(e).records.filter(isCircuitOpen);
      const slowest = Math.max(0, ...open.map((r) => r.endedAtMs - r.sentAtMs));
      const ok = open.length > 0 && slowest < breaker.callTimeoutMs;
      return result(this.name, ok, open.length ? `${open.length} circuit_open answers, slowest ${slowest} ms (call timeout ${breaker.callTimeoutMs} ms)` : "no circuit_open answer during the fault", { circuitOpen: open.length, slowestCircuitOpenMs: slowest });
    },
  };
}

/** Some answers were degraded (200 with degraded=true): the fault took effect and the api degraded. */
export const degradedAnswers: StackExpectation = {
  name: "the api answers degraded",
  evaluate(e) {
    const recs = loadOf(e).records.filter((r) => r.sentAtMs >= (e.faultStartedAtMs ?? 0) && r.sentAtMs <= (e.faultEndedAtMs ?? Infinity));
    const degraded = recs.filter((r) => r.status === 200 && r.degraded === true).length;
    return result(this.name, degraded > 0, `${degraded} of ${recs.length} answers during the fault were degraded`, { degraded });
  },
};

function healthyAgainAtMs(samples: readonly Sample[], role: Role, fromMs: number): number | undefined {
  const health = samples.filter((s) => s.probe === `health:${role}` && s.atMs >= fromMs);
  let at: number | undefined;
  for (const s of health) {
    if (s.ok && s.value === true) at ??= s.atMs;
    else at = undefined;
  }
  return at;
}

/**
 * Time from the fault (`from: "fault-start"`, for kills and restarts; or from the suite's own restart,
 * when the engine's restart policy did not act) or from its undo (`"fault-end"`, for network faults)
 * until the role's health and the request path were good again; judged against recoveryMs.
 */
export function recovery(role: Role, from: "fault-start" | "fault-end" = "fault-start"): StackExpectation {
  return {
    name: `${role} recovers within recoveryMs`,
    evaluate(e, ctx) {
      const fault = e.faults.find((f) => f.target === role || f.target === ctx.stack.roleService(role)) ?? e.faults[0];
      const explicitStartAtMs = typeof fault?.detail.explicitStartAtMs === "number" ? fault.detail.explicitStartAtMs : undefined;
      const fromMs = from === "fault-end" ? (e.faultEndedAtMs ?? 0) : (explicitStartAtMs ?? e.faultStartedAtMs ?? 0);
      const load = loadOf(e);
      const healthAt = healthyAgainAtMs(e.samples, role, fromMs) ?? e.steadyAgainAtMs;
      // The load stops once steady state holds again, whose check includes a good query.
      const requestsAt = requestRecoveryAtMs(load.records, fromMs) ?? e.steadyAgainAtMs;
      const errors = load.records.filter((r) => r.sentAtMs >= (e.faultStartedAtMs ?? 0) && isFailure(r)).length;
      if (healthAt === undefined || requestsAt === undefined) return result(this.name, false, `never recovered (health ${healthAt ? "back" : "not back"}, requests ${requestsAt ? "back" : "not back"})`, { errors });
      const recoveryMs = Math.max(healthAt, requestsAt) - fromMs;
      const origin = from === "fault-end" ? "the fault's undo" : explicitStartAtMs ? "the suite's explicit start (restart policy did not act)" : "the fault";
      return result(this.name, recoveryMs <= ctx.slo.recoveryMs, `${recoveryMs} ms from ${origin} (health ${healthAt - fromMs} ms, first good answer ${requestsAt - fromMs} ms), ${errors} failed or degraded answers; SLO ${ctx.slo.recoveryMs} ms`, {
        recoveryMs,
        healthRecoveryMs: healthAt - fromMs,
        requestRecoveryMs: requestsAt - fromMs,
        errors,
      });
    },
  };
}

/** Did the engine restart the container by itself after SIGKILL, as its restart policy says? */
export function restartPolicyActed(role: Role): StackExpectation {
  return {
    name: `restart policy brings ${role} back after SIGKILL`,
    evaluate(e, ctx): ExpectationResult {
      const service = ctx.stack.roleService(role);
      const policy = restartPolicyOf(ctx.stack, service);
      const fault = e.faults.find((f) => f.kind === "sigkill");
      if (!fault) return { name: this.name, verdict: "fail", detail: "no SIGKILL fault in this scenario" };
      const before = fault.detail.startedAtBefore;
      const back = e.samples.find((s) => s.probe === `container:${role}` && s.ok && (s.value as ContainerState).running && (s.value as ContainerState).startedAt !== before);
      if (back) return { name: this.name, verdict: "pass", detail: `restarted by the engine ${back.atMs - fault.startedAtMs} ms after SIGKILL (policy '${policy}')`, values: { restartedAfterMs: back.atMs - fault.startedAtMs } };
      const waitedMs = Math.max(0, ...e.samples.filter((s) => s.probe === `container:${role}`).map((s) => s.atMs - fault.startedAtMs));
      if (!policy || policy === "no") return { name: this.name, verdict: "fail", detail: `service ${service} declares no restart policy; it stayed down ${waitedMs} ms until the suite started it` };
      return {
        name: this.name,
        verdict: "not-supported",
        detail: `service ${service} declares restart '${policy}', but the ${ctx.target.kind} engine did not restart it within ${waitedMs} ms after SIGKILL (rootless Podman restarts only through its cleanup process / systemd; not honoured here); the suite started it`,
        values: { waitedMs },
      };
    },
  };
}

// Pure verdicts over the load records of a fault window: hanging requests, 5xx other than a breaker's
// fast 503, and when the request path recovered. Kept pure so each has a unit test that fails it.
import type { BreakerSpec } from "../stack/profile.ts";
import type { LoadRecord } from "./steady-load.ts";

export const isCircuitOpen = (r: LoadRecord) => r.status === 503 && r.errorCode === "circuit_open";
/** A full answer: 2xx and not degraded (a degraded answer is the api coping, not recovered). */
export const isGood = (r: LoadRecord) => r.status !== undefined && r.status >= 200 && r.status < 300 && r.degraded !== true;
export const isFailure = (r: LoadRecord) => !isGood(r);

/** Unanswered at the client timeout, or answered only after it (the client had given up by then). */
export function hangingRequests(records: readonly LoadRecord[], timeoutMs: number): LoadRecord[] {
  return records.filter((r) => r.timedOut || r.endedAtMs - r.sentAtMs > timeoutMs);
}

export interface DependencyErrorVerdict {
  ok: boolean;
  detail: string;
  fiveHundreds: number;
  circuitOpen: number;
  violations: number;
}

/**
 * During a dependency fault the api may answer 5xx only as a breaker's fast `circuit_open` 503, except
 * for the calls that trip it (sent before the first circuit_open answer) and one trial per half-open
 * window. Without a breaker (or when the dependency is optional) every 5xx is a violation; a breaker
 * that never opens despite failureThreshold failures is one too.
 */
export function judgeDependencyErrors(records: readonly LoadRecord[], breaker: BreakerSpec | undefined, window: { startMs: number; endMs: number }): DependencyErrorVerdict {
  const inWindow = records.filter((r) => r.sentAtMs >= window.startMs);
  const fiveHundreds = inWindow.filter((r) => r.status !== undefined && r.status >= 500);
  const circuitOpen = fiveHundreds.filter(isCircuitOpen);
  const others = fiveHundreds.filter((r) => !isCircuitOpen(r));
  const base = { fiveHundreds: fiveHundreds.length, circuitOpen: circuitOpen.length };
  if (!breaker) {
    return { ...base, ok: others.length === 0, violations: others.length, detail: `${others.length} 5xx answers (${[...new Set(others.map((r) => `${r.status}${r.errorCode ? ` ${r.errorCode}` : ""}`))].join(", ") || "-"}); none allowed` };
  }
  const firstOpen = circuitOpen[0];
  if (!firstOpen) {
    const ok = others.length < breaker.failureThreshold;
    return { ...base, ok, violations: ok ? 0 : others.length, detail: ok ? `${others.length} 5xx, below the breaker threshold ${breaker.failureThreshold}` : `${others.length} non-circuit_open 5xx and the ${breaker.name} breaker never answered circuit_open (threshold ${breaker.failureThreshold})` };
  }
  const afterOpen = others.filter((r) => r.sentAtMs > firstOpen.endedAtMs);
  const trials = Math.ceil(Math.max(0, window.endMs - firstOpen.endedAtMs) / breaker.resetTimeoutMs) + 1;
  const violations = Math.max(0, afterOpen.length - trials);
  return {
    ...base,
    ok: violations === 0,
    violations,
    detail: `${others.length - afterOpen.length} 5xx before the ${breaker.name} breaker opened, ${afterOpen.length} after it (allowed ${trials} half-open trials), ${circuitOpen.length} circuit_open`,
  };
}

/**
 * When the request path was good again: the first success after the last failure sent after `fromMs`
 * (fromMs itself when nothing failed); undefined when it never came back.
 */
export function requestRecoveryAtMs(records: readonly LoadRecord[], fromMs: number): number | undefined {
  const after = records.filter((r) => r.sentAtMs >= fromMs);
  let lastFailureIdx = -1;
  after.forEach((r, i) => {
    if (isFailure(r)) lastFailureIdx = i;
  });
  if (lastFailureIdx === -1) return fromMs;
  const good = after.slice(lastFailureIdx + 1).find(isGood);
  return good?.endedAtMs;
}

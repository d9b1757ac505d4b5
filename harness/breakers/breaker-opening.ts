// Pure verdicts on what a client saw while a dependency failed: how many calls failed before the
// breaker started rejecting, and whether rejected calls reached the dependency.
import type { BreakerCall } from "../checkers/breaker-timeline.ts";

/** Failures before the first rejection; undefined when no call was ever rejected (it never opened). */
export function failuresBeforeFirstRejection(outcomes: readonly BreakerCall["outcome"][]): number | undefined {
  const firstRejection = outcomes.indexOf("rejected");
  if (firstRejection === -1) return undefined;
  return outcomes.slice(0, firstRejection).filter((outcome) => outcome === "failure").length;
}

export interface ForwardedCalls {
  /** Calls the client did not see rejected, i.e. the ones the breaker let through. */
  letThrough: number;
  /** Calls the dependency counted on its side over the same interval. */
  seenByDependency: number;
  rejected: number;
}

/** A rejected call that still reached the dependency shows as the dependency seeing more than was let through. */
export function rejectedCallsThatReachedDependency(calls: ForwardedCalls): number {
  return Math.max(0, calls.seenByDependency - calls.letThrough);
}

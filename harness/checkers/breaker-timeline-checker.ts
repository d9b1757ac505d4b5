import {
  toBreakerSegments,
  type BreakerCall,
  type BreakerObservation,
  type BreakerSegment,
  type BreakerSource,
} from "./breaker-timeline.ts";

export interface BreakerTimelineConfig {
  /** Consecutive failures that open a closed breaker (PyBreaker's fail_max). */
  failureThreshold: number;
  resetTimeoutMs: number;
  /** Slack for clocks, polling and scheduling; the SLO's breakerTimingToleranceMs. */
  toleranceMs: number;
  /**
   * "call": the first call after the reset timeout moves open to half-open (PyBreaker), so a breaker
   * nobody calls may stay open; "timer": a timer does it (opossum), so staying open is a violation.
   */
  halfOpenTrigger?: "call" | "timer";
  /** How far apart a health and a Redis observation may be and still be compared (default: toleranceMs). */
  agreementWindowMs?: number;
}

export type BreakerRule =
  | "opened-before-threshold"
  | "did-not-open"
  | "half-open-too-early"
  | "stayed-open-past-reset-timeout"
  | "rejected-after-reset-timeout"
  | "closed-without-success"
  | "reopened-without-failure"
  | "closed-without-half-open"
  | "half-open-from-closed"
  | "sources-disagree";

export interface BreakerViolation {
  rule: BreakerRule;
  breaker: string;
  source?: BreakerSource;
  atMs: number;
  untilMs?: number;
  message: string;
}

export interface BreakerTimelineReport {
  ok: boolean;
  violations: BreakerViolation[];
  segments: BreakerSegment[];
}

export interface BreakerTimelineInput {
  config: BreakerTimelineConfig;
  observations: readonly BreakerObservation[];
  calls: readonly BreakerCall[];
}

type Violate = (rule: BreakerRule, atMs: number, message: string) => void;

function callsBetween(calls: readonly BreakerCall[], fromMs: number, toMs: number): BreakerCall[] {
  return calls.filter((call) => call.atMs > fromMs && call.atMs <= toMs);
}

/** The time at which `threshold` consecutive failures were first reached, if they were. */
function thresholdReachedAt(calls: readonly BreakerCall[], threshold: number): number | undefined {
  let streak = 0;
  for (const call of calls) {
    if (call.outcome === "success") streak = 0;
    else if (call.outcome === "failure" && ++streak >= threshold) return call.atMs;
  }
  return undefined;
}

function checkClosed(segment: BreakerSegment, next: BreakerSegment | undefined, calls: readonly BreakerCall[], config: BreakerTimelineConfig, violate: Violate): void {
  const since = segment.previousLastSeenMs ?? -Infinity;
  const reachedAt = thresholdReachedAt(callsBetween(calls, since, segment.lastSeenMs), config.failureThreshold);
  if (reachedAt !== undefined && segment.lastSeenMs > reachedAt + config.toleranceMs) {
    violate("did-not-open", reachedAt, `${config.failureThreshold} consecutive failures by ${reachedAt}, still closed at ${segment.lastSeenMs}`);
  }
  if (next?.state === "open") {
    const opening = callsBetween(calls, since, next.firstSeenMs + config.toleranceMs);
    if (thresholdReachedAt(opening, config.failureThreshold) === undefined) {
      violate("opened-before-threshold", next.firstSeenMs, `opened without ${config.failureThreshold} consecutive failures since it closed`);
    }
  }
  if (next?.state === "half-open") violate("half-open-from-closed", next.firstSeenMs, "went from closed to half-open");
}

function checkOpen(segment: BreakerSegment, next: BreakerSegment | undefined, calls: readonly BreakerCall[], config: BreakerTimelineConfig, violate: Violate): void {
  const { resetTimeoutMs: resetMs, toleranceMs } = config;
  const openedLatest = segment.firstSeenMs;
  const openedEarliest = segment.previousLastSeenMs;
  const dueLatest = openedLatest + resetMs + toleranceMs;
  if (next?.state === "half-open" && openedEarliest !== undefined && next.firstSeenMs - openedEarliest < resetMs - toleranceMs) {
    violate(
      "half-open-too-early",
      next.firstSeenMs,
      `half-open at most ${next.firstSeenMs - openedEarliest} ms after opening; reset timeout is ${resetMs} ms (±${toleranceMs})`,
    );
  }
  if (next?.state === "closed") {
    const from = (openedEarliest ?? openedLatest) + resetMs - toleranceMs;
    const trial = calls.find((call) => call.outcome === "success" && call.atMs >= from && call.atMs <= next.firstSeenMs + toleranceMs);
    if (trial === undefined) violate("closed-without-half-open", next.firstSeenMs, "closed without a successful trial call after the reset timeout");
  }
  if (config.halfOpenTrigger === "timer" && segment.lastSeenMs > dueLatest) {
    violate("stayed-open-past-reset-timeout", openedLatest + resetMs, `still open at ${segment.lastSeenMs}, ${segment.lastSeenMs - openedLatest} ms after it opened`);
  }
  const lateRejection = calls.find((call) => call.outcome === "rejected" && call.atMs > dueLatest && call.atMs <= segment.lastSeenMs);
  if (lateRejection !== undefined) {
    violate("rejected-after-reset-timeout", lateRejection.atMs, `call rejected ${lateRejection.atMs - openedLatest} ms after the breaker opened; reset timeout is ${resetMs} ms`);
  }
}

function checkHalfOpen(segment: BreakerSegment, next: BreakerSegment | undefined, calls: readonly BreakerCall[], config: BreakerTimelineConfig, violate: Violate): void {
  if (next === undefined) return;
  const trials = callsBetween(calls, (segment.previousLastSeenMs ?? segment.firstSeenMs) - config.toleranceMs, next.firstSeenMs + config.toleranceMs);
  if (next.state === "closed" && !trials.some((call) => call.outcome === "success")) {
    violate("closed-without-success", next.firstSeenMs, "half-open closed without a successful trial call");
  }
  if (next.state === "open" && !trials.some((call) => call.outcome === "failure")) {
    violate("reopened-without-failure", next.firstSeenMs, "half-open reopened without a failed trial call");
  }
}

function checkStream(segments: readonly BreakerSegment[], calls: readonly BreakerCall[], config: BreakerTimelineConfig, violations: BreakerViolation[]): void {
  segments.forEach((segment, index) => {
    const next = segments[index + 1];
    const violate: Violate = (rule, atMs, message) =>
      violations.push({ rule, breaker: segment.breaker, source: segment.source, atMs, message: `${segment.breaker} (${segment.source}): ${message}` });
    if (segment.state === "closed") checkClosed(segment, next, calls, config, violate);
    else if (segment.state === "open") checkOpen(segment, next, calls, config, violate);
    else checkHalfOpen(segment, next, calls, config, violate);
  });
}

function checkAgreement(breaker: string, observations: readonly BreakerObservation[], windowMs: number, violations: BreakerViolation[]): void {
  const checks: Array<{ atMs: number; agrees: boolean; detail: string }> = [];
  for (const observation of observations) {
    const others = observations.filter((other) => other.source !== observation.source && Math.abs(other.atMs - observation.atMs) <= windowMs);
    // the other source changing state inside the window is a transition in flight, not a disagreement
    if (others.length === 0 || new Set(others.map((other) => other.state)).size > 1) continue;
    const agrees = others.some((other) => other.state === observation.state);
    checks.push({ atMs: observation.atMs, agrees, detail: `${observation.source} says ${observation.state} while ${others[0]?.source} says ${others[0]?.state}` });
  }
  checks.sort((a, b) => a.atMs - b.atMs);
  let run: { first: (typeof checks)[number]; lastMs: number } | undefined;
  const flush = (): void => {
    if (run === undefined) return;
    // A stretch shorter than the window is a transition one sampler caught and the other missed
    // (e.g. a half-open trial that failed between two Redis samples), not a disagreement.
    if (run.lastMs - run.first.atMs < windowMs) {
      run = undefined;
      return;
    }
    violations.push({
      rule: "sources-disagree",
      breaker,
      atMs: run.first.atMs,
      ...(run.lastMs > run.first.atMs ? { untilMs: run.lastMs } : {}),
      message: `${breaker}: health and Redis disagree from ${run.first.atMs} to ${run.lastMs} (${run.first.detail})`,
    });
    run = undefined;
  };
  for (const check of checks) {
    if (check.agrees) flush();
    else if (run === undefined) run = { first: check, lastMs: check.atMs };
    else run.lastMs = check.atMs;
  }
  flush();
}

/**
 * Checks observed breaker states against the breaker state machine (closed -> open after the failure
 * threshold, open -> half-open after the reset timeout, half-open -> closed on success / open on
 * failure), for each source separately, and that health and Redis report the same state.
 */
export function checkBreakerTimeline(input: BreakerTimelineInput): BreakerTimelineReport {
  const { config } = input;
  const segments = toBreakerSegments(input.observations);
  const violations: BreakerViolation[] = [];
  const breakers = [...new Set(input.observations.map((observation) => observation.breaker))];
  for (const breaker of breakers) {
    const calls = input.calls.filter((call) => call.breaker === breaker).sort((a, b) => a.atMs - b.atMs);
    for (const source of ["health", "redis"] as const) {
      checkStream(segments.filter((segment) => segment.breaker === breaker && segment.source === source), calls, config, violations);
    }
    const observations = input.observations.filter((observation) => observation.breaker === breaker);
    checkAgreement(breaker, observations, config.agreementWindowMs ?? config.toleranceMs, violations);
  }
  violations.sort((a, b) => a.atMs - b.atMs);
  return { ok: violations.length === 0, violations, segments };
}

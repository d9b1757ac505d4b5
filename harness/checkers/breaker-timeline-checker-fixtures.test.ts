import { describe, expect, it } from "vitest";
import type { BreakerCall, BreakerObservation, BreakerSource, BreakerState } from "./breaker-timeline.ts";
import { checkBreakerTimeline, type BreakerTimelineConfig } from "./breaker-timeline-checker.ts";

const config: BreakerTimelineConfig = { failureThreshold: 3, resetTimeoutMs: 1_000, toleranceMs: 100 };
type Truth = ReadonlyArray<readonly [fromMs: number, state: BreakerState]>;

function stateAt(truth: Truth, atMs: number): BreakerState {
  let state: BreakerState = "closed";
  for (const [fromMs, next] of truth) if (fromMs <= atMs) state = next;
  return state;
}

/** What a source polling every 50 ms sees of a true state history. */
function poll(truth: Truth, source: BreakerSource, offsetMs: number, untilMs = 5_000): BreakerObservation[] {
  const observations: BreakerObservation[] = [];
  for (let atMs = offsetMs; atMs <= untilMs; atMs += 50) observations.push({ atMs, breaker: "llm", source, state: stateAt(truth, atMs) });
  return observations;
}

function both(truth: Truth): BreakerObservation[] {
  return [...poll(truth, "health", 0), ...poll(truth, "redis", 20)];
}

function calls(...entries: Array<[number, BreakerCall["outcome"]]>): BreakerCall[] {
  return entries.map(([atMs, outcome]) => ({ atMs, breaker: "llm", outcome }));
}

// PyBreaker-like: 3 failures open it; the first call after 1 s is the trial
const goodTruth: Truth = [
  [0, "closed"],
  [300, "open"],
  [1_400, "half-open"],
  [1_460, "closed"],
  [2_200, "open"],
  [3_300, "half-open"],
  [3_360, "open"],
  [4_400, "half-open"],
  [4_460, "closed"],
];
const goodCalls = calls(
  [100, "failure"], [200, "failure"], [300, "failure"], [500, "rejected"], [800, "rejected"],
  [1_400, "success"], [1_600, "success"],
  [2_000, "failure"], [2_100, "failure"], [2_200, "failure"], [2_500, "rejected"],
  [3_300, "failure"], [3_400, "rejected"], [4_400, "success"],
);

function rules(truth: Truth, history: BreakerCall[], observations = both(truth), overrides: Partial<BreakerTimelineConfig> = {}): string[] {
  const report = checkBreakerTimeline({ config: { ...config, ...overrides }, observations, calls: history });
  return [...new Set(report.violations.map((violation) => `${violation.rule}${violation.source ? `@${violation.source}` : ""}`))].sort();
}

describe("checkBreakerTimeline", () => {
  it("accepts a breaker that follows the state machine, seen the same by health and Redis", () => {
    const report = checkBreakerTimeline({ config, observations: both(goodTruth), calls: goodCalls });
    expect(report.violations).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.segments.filter((segment) => segment.source === "health").map((segment) => segment.state)).toEqual(
      goodTruth.map(([, state]) => state),
    );
    expect(rules(goodTruth, goodCalls, both(goodTruth), { halfOpenTrigger: "timer" })).toEqual([]);
  });

  it("catches a breaker that opens before the failure threshold", () => {
    const truth: Truth = [[0, "closed"], [200, "open"], [1_400, "half-open"], [1_460, "closed"]];
    const history = calls([100, "failure"], [200, "failure"], [300, "rejected"], [1_400, "success"]);
    expect(rules(truth, history)).toEqual(["opened-before-threshold@health", "opened-before-threshold@redis"]);
  });

  it("catches a breaker that never opens", () => {
    const report = checkBreakerTimeline({
      config,
      observations: both([[0, "closed"]]),
      calls: calls([100, "failure"], [200, "failure"], [300, "failure"], [400, "failure"]),
    });
    expect(report.ok).toBe(false);
    expect(report.violations[0]).toMatchObject({ rule: "did-not-open", atMs: 300, breaker: "llm" });
  });

  it("catches half-open before the reset timeout", () => {
    const truth: Truth = [[0, "closed"], [300, "open"], [800, "half-open"], [860, "closed"]];
    const history = calls([100, "failure"], [200, "failure"], [300, "failure"], [800, "success"]);
    const report = checkBreakerTimeline({ config, observations: both(truth), calls: history });
    expect(report.violations.map((violation) => violation.rule)).toEqual(["half-open-too-early", "half-open-too-early"]);
    expect(report.violations[0]?.message).toMatch(/reset timeout is 1000 ms/);
  });

  it("catches a breaker stuck open past its reset timeout", () => {
    const truth: Truth = [[0, "closed"], [300, "open"], [2_500, "half-open"], [2_560, "closed"]];
    const history = calls([100, "failure"], [200, "failure"], [300, "failure"], [1_800, "rejected"], [2_500, "success"]);
    expect(rules(truth, history)).toEqual(["rejected-after-reset-timeout@health", "rejected-after-reset-timeout@redis"]);
    const timer = checkBreakerTimeline({ config: { ...config, halfOpenTrigger: "timer" }, observations: poll(truth, "health", 0), calls: history });
    expect(timer.violations).toMatchObject([
      { rule: "stayed-open-past-reset-timeout", atMs: 1_300 },
      { rule: "rejected-after-reset-timeout", atMs: 1_800 },
    ]);
  });

  it("catches half-open closing on a failed trial and reopening on a successful one", () => {
    const closesOnFailure: Truth = [[0, "closed"], [300, "open"], [1_400, "half-open"], [1_460, "closed"]];
    const failedTrial = calls([100, "failure"], [200, "failure"], [300, "failure"], [1_400, "failure"]);
    expect(rules(closesOnFailure, failedTrial)).toEqual(["closed-without-success@health", "closed-without-success@redis"]);

    const reopensOnSuccess: Truth = [[0, "closed"], [300, "open"], [1_400, "half-open"], [1_460, "open"]];
    const goodTrial = calls([100, "failure"], [200, "failure"], [300, "failure"], [1_400, "success"]);
    expect(rules(reopensOnSuccess, goodTrial)).toEqual(["reopened-without-failure@health", "reopened-without-failure@redis"]);
  });

  it("accepts an unobserved half-open, but not a close before the reset timeout", () => {
    const fastTrial: Truth = [[0, "closed"], [300, "open"], [1_400, "half-open"], [1_405, "closed"]];
    const history = calls([100, "failure"], [200, "failure"], [300, "failure"], [1_400, "success"]);
    expect(rules(fastTrial, history)).toEqual([]);

    const early: Truth = [[0, "closed"], [300, "open"], [600, "closed"]];
    expect(rules(early, calls([100, "failure"], [200, "failure"], [300, "failure"]))).toEqual([
      "closed-without-half-open@health",
      "closed-without-half-open@redis",
    ]);
  });

  it("catches a closed breaker jumping to half-open", () => {
    const truth: Truth = [[0, "closed"], [500, "half-open"], [560, "closed"]];
    expect(rules(truth, calls([500, "success"]))).toContain("half-open-from-closed@health");
  });

  it("reports one disagreement per stretch where health and Redis differ, with its time range", () => {
    // Redis lost the breaker key at 600 and came back empty: it reads closed while the API still holds open
    const redisTruth: Truth = [[0, "closed"], [300, "open"], [600, "closed"]];
    const observations = [...poll(goodTruth, "health", 0, 2_000), ...poll(redisTruth, "redis", 20, 2_000)];
    const report = checkBreakerTimeline({ config, observations, calls: goodCalls.filter((call) => call.atMs <= 2_000) });
    const disagreements = report.violations.filter((violation) => violation.rule === "sources-disagree");
    expect(disagreements).toHaveLength(1);
    expect(disagreements[0]).toMatchObject({ breaker: "llm" });
    expect(disagreements[0]?.atMs).toBeGreaterThanOrEqual(600);
    expect(disagreements[0]?.atMs).toBeLessThan(750);
    expect(disagreements[0]?.untilMs).toBeGreaterThan(1_200);
    expect(disagreements[0]?.message).toMatch(/redis says closed while health says open/);
    expect(report.violations.some((violation) => violation.rule === "closed-without-half-open" && violation.source === "redis")).toBe(true);
  });

  it("checks breakers independently and handles no data", () => {
    expect(checkBreakerTimeline({ config, observations: [], calls: [] })).toEqual({ ok: true, violations: [], segments: [] });
    const other = both(goodTruth).map((observation) => ({ ...observation, breaker: "embed" }));
    const report = checkBreakerTimeline({
      config,
      observations: [...both(goodTruth), ...other],
      calls: [...goodCalls, ...goodCalls.map((call) => ({ ...call, breaker: "embed" }))],
    });
    expect(report.ok).toBe(true);
    expect(new Set(report.segments.map((segment) => segment.breaker))).toEqual(new Set(["llm", "embed"]));
  });
});

import { describe, expect, it } from "vitest";
import { BreakerTracker, STATE_GAUGE_VALUE, opossumOptions } from "../src/breaker-policy.ts";

const settings = { name: "inference" as const, failureThreshold: 3, resetTimeoutMs: 4000, callTimeoutMs: 900 };

describe("BreakerTracker", () => {
  it("asks to open on exactly the Nth consecutive failure", () => {
    const tracker = new BreakerTracker(3, 0);
    expect(tracker.recordFailure(1)).toBe(false);
    expect(tracker.recordFailure(2)).toBe(false);
    expect(tracker.recordFailure(3)).toBe(true);
    expect(tracker.snapshot).toMatchObject({ failureCount: 3, lastFailureTime: 3, failuresTotal: 3 });
  });

  it("starts counting again after a success", () => {
    const tracker = new BreakerTracker(3, 0);
    tracker.recordFailure(1);
    tracker.recordFailure(2);
    tracker.recordSuccess();
    expect(tracker.recordFailure(3)).toBe(false);
    expect(tracker.recordFailure(4)).toBe(false);
    expect(tracker.recordFailure(5)).toBe(true);
  });

  it("leaves re-opening from half-open to opossum (its trial failure opens it)", () => {
    const tracker = new BreakerTracker(1, 0);
    tracker.transition("open", 10);
    tracker.transition("half-open", 20);
    expect(tracker.recordFailure(21)).toBe(false);
  });

  it("records when it opened and clears that, and the count, on close", () => {
    const tracker = new BreakerTracker(2, 0);
    tracker.recordFailure(5);
    tracker.recordFailure(6);
    tracker.transition("open", 7);
    expect(tracker.snapshot).toMatchObject({ state: "open", openedAt: 7, updatedAt: 7 });
    tracker.transition("half-open", 8);
    expect(tracker.snapshot.openedAt).toBe(7);
    tracker.transition("closed", 9);
    expect(tracker.snapshot).toMatchObject({ state: "closed", openedAt: null, failureCount: 0, lastFailureTime: 6, updatedAt: 9 });
  });

  it("keeps a restored opened_at instead of the restore time", () => {
    const tracker = new BreakerTracker(2, 0);
    tracker.transition("open", 5_000, 1_000);
    expect(tracker.snapshot.openedAt).toBe(1_000);
  });

  it("tells clients to retry when the open period ends, at least 1 s", () => {
    const tracker = new BreakerTracker(1, 0);
    tracker.transition("open", 10_000);
    expect(tracker.retryAfterS(10_000, 4_000)).toBe(4);
    expect(tracker.retryAfterS(12_500, 4_000)).toBe(2);
    expect(tracker.retryAfterS(20_000, 4_000)).toBe(1);
    tracker.transition("half-open", 14_000);
    expect(tracker.retryAfterS(14_000, 4_000)).toBe(1);
  });
});

describe("opossumOptions", () => {
  it("maps the settings and disables opossum's percentage trip", () => {
    const options = opossumOptions(settings);
    expect(options).toMatchObject({ name: "inference", timeout: 900, resetTimeout: 4000, errorThresholdPercentage: 100, allowWarmUp: false });
    expect(options.volumeThreshold).toBe(Number.MAX_SAFE_INTEGER);
  });

  it("encodes states for the gauge as 0 closed, 1 half-open, 2 open", () => {
    expect(STATE_GAUGE_VALUE).toEqual({ closed: 0, "half-open": 1, open: 2 });
  });
});

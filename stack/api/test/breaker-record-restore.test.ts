import { describe, expect, it } from "vitest";
import { BreakerTracker } from "../src/breaker-policy.ts";
import { breakerKey, parseRecord, planRestore, serializeRecord, toRecord, type BreakerRecord } from "../src/breaker-record.ts";

const open: BreakerRecord = { state: "open", failure_count: 5, last_failure_time: 1_000, opened_at: 1_000, updated_at: 1_000 };

describe("breaker record layout", () => {
  it("lives under circuit_breaker:<name>", () => {
    expect(breakerKey("inference")).toBe("circuit_breaker:inference");
  });

  it("serializes exactly the five documented fields", () => {
    const tracker = new BreakerTracker(2, 0);
    tracker.recordFailure(100);
    tracker.recordFailure(150);
    tracker.transition("open", 150);
    const json = serializeRecord(toRecord(tracker.snapshot));
    expect(JSON.parse(json)).toEqual({ state: "open", failure_count: 2, last_failure_time: 150, opened_at: 150, updated_at: 150 });
  });

  it("round-trips through parseRecord", () => {
    expect(parseRecord(serializeRecord(open))).toEqual(open);
  });

  it.each([
    ["null", null],
    ["empty", ""],
    ["not JSON", "{open"],
    ["an array", "[]"],
    ["an unknown state", JSON.stringify({ ...open, state: "ajar" })],
    ["a negative count", JSON.stringify({ ...open, failure_count: -1 })],
    ["a fractional count", JSON.stringify({ ...open, failure_count: 1.5 })],
    ["a string time", JSON.stringify({ ...open, opened_at: "yesterday" })],
    ["no updated_at", JSON.stringify({ ...open, updated_at: undefined })],
  ])("rejects %s", (_label, raw) => {
    expect(parseRecord(raw)).toBeNull();
  });
});

describe("planRestore", () => {
  it("keeps an open breaker open for what is left of its reset timeout", () => {
    expect(planRestore(open, 3_500, 10_000)).toEqual({ state: "open", failureCount: 5, lastFailureTime: 1_000, openedAt: 1_000, remainingOpenMs: 7_500 });
  });

  it("restores an open breaker whose reset timeout has passed as half-open", () => {
    expect(planRestore(open, 11_000, 10_000)).toMatchObject({ state: "half-open", openedAt: 1_000, remainingOpenMs: 0 });
    expect(planRestore(open, 20_000, 10_000).state).toBe("half-open");
  });

  it("falls back to updated_at when opened_at is missing", () => {
    expect(planRestore({ ...open, opened_at: null, updated_at: 2_000 }, 3_000, 10_000)).toMatchObject({ state: "open", openedAt: 2_000, remainingOpenMs: 9_000 });
  });

  it("never waits longer than one reset timeout when the clock went backwards", () => {
    expect(planRestore(open, 0, 10_000)).toMatchObject({ state: "open", remainingOpenMs: 10_000 });
  });

  it("restores closed and half-open as they are, with the failure count", () => {
    expect(planRestore({ ...open, state: "closed", opened_at: null, failure_count: 2 }, 5_000, 10_000)).toEqual({
      state: "closed",
      failureCount: 2,
      lastFailureTime: 1_000,
      openedAt: null,
      remainingOpenMs: 0,
    });
    expect(planRestore({ ...open, state: "half-open" }, 5_000, 10_000)).toMatchObject({ state: "half-open", remainingOpenMs: 0 });
  });
});

import { describe, expect, it } from "vitest";
import { HealthBreakersError, parseHealthBreakers } from "./health-breakers.ts";

describe("parseHealthBreakers", () => {
  it("reads each breaker's state, counters and mirror failures", () => {
    const body = {
      status: "unavailable",
      breakers: {
        inference: { state: "open", failure_count: 3, opened_at: 1_700_000_000_600, mirror_write_failures: 0 },
        redis: { state: "half-open", failure_count: 0, opened_at: null, mirror_write_failures: 2 },
      },
    };
    expect(parseHealthBreakers(body)).toEqual({
      status: "unavailable",
      breakers: {
        inference: { state: "open", failureCount: 3, openedAtMs: 1_700_000_000_600, mirrorWriteFailures: 0 },
        redis: { state: "half-open", failureCount: 0, openedAtMs: null, mirrorWriteFailures: 2 },
      },
    });
  });

  it("rejects a body without breakers and a breaker without a known state", () => {
    expect(() => parseHealthBreakers({ status: "healthy" })).toThrow(HealthBreakersError);
    expect(() => parseHealthBreakers("ok")).toThrow(/not a JSON object/);
    expect(() => parseHealthBreakers({ breakers: { inference: { state: "disabled" } } })).toThrow(/inference: unknown state "disabled"/);
  });
});

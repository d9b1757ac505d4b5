import { describe, expect, it } from "vitest";
import { callOutcome } from "./query-outcome.ts";

describe("callOutcome", () => {
  it("tells a breaker's fast failure from a dependency failure", () => {
    expect(callOutcome({ status: 200 })).toBe("success");
    expect(callOutcome({ status: 503, errorCode: "circuit_open", breaker: "inference" })).toBe("rejected");
    // an overloaded dependency also answers 503, but it was called
    expect(callOutcome({ status: 503, errorCode: "inference_overloaded" })).toBe("failure");
    expect(callOutcome({ status: 502, errorCode: "inference_unavailable" })).toBe("failure");
    expect(callOutcome({ status: 504, errorCode: "inference_timeout" })).toBe("failure");
  });
});

import { describe, expect, it } from "vitest";
import { CircuitOpenError, UpstreamError, isTimeoutError, retryAfterSeconds } from "../src/errors.ts";

describe("retryAfterSeconds", () => {
  it("reads delta-seconds and HTTP dates, never less than 1", () => {
    expect(retryAfterSeconds("7", 0)).toBe(7);
    expect(retryAfterSeconds("0", 0)).toBe(1);
    const now = Date.parse("2025-01-01T00:00:00Z");
    expect(retryAfterSeconds("Wed, 01 Jan 2025 00:00:30 GMT", now)).toBe(30);
  });

  it("is undefined for a missing or unreadable header", () => {
    expect(retryAfterSeconds(null, 0)).toBeUndefined();
    expect(retryAfterSeconds("soon", 0)).toBeUndefined();
  });
});

describe("error classes", () => {
  it("carry what the HTTP mapping needs", () => {
    expect(new CircuitOpenError("inference", 4)).toMatchObject({ breaker: "inference", retryAfterS: 4, message: "circuit breaker 'inference' is open" });
    expect(new UpstreamError("inference", "overloaded", "busy", 3)).toMatchObject({ failure: "overloaded", retryAfterS: 3 });
  });

  it("recognises opossum's and fetch's timeouts", () => {
    expect(isTimeoutError(Object.assign(new Error("Timed out after 500ms"), { code: "ETIMEDOUT" }))).toBe(true);
    expect(isTimeoutError(new DOMException("The operation was aborted due to timeout", "TimeoutError"))).toBe(true);
    expect(isTimeoutError(new Error("connect ECONNREFUSED"))).toBe(false);
  });
});

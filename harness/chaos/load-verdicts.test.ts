import { describe, expect, it } from "vitest";
import { judgeDependencyErrors, requestRecoveryAtMs } from "./load-verdicts.ts";
import type { LoadRecord } from "./steady-load.ts";

const breaker = { name: "inference", guards: "inference" as const, failureThreshold: 3, resetTimeoutMs: 3000, callTimeoutMs: 5000 };
const r = (sentAtMs: number, status: number | undefined, errorCode?: string): LoadRecord => ({ sentAtMs, endedAtMs: sentAtMs + 10, status, timedOut: false, ...(errorCode ? { errorCode } : {}) });

describe("judgeDependencyErrors", () => {
  it("accepts the tripping failures then fast circuit_open answers", () => {
    const recs = [r(0, 200), r(250, 502), r(500, 502), r(750, 502), r(1000, 503, "circuit_open"), r(1250, 503, "circuit_open")];
    expect(judgeDependencyErrors(recs, breaker, { startMs: 100, endMs: 1500 }).ok).toBe(true);
  });
  it("fails a breaker that never opens (breakers disabled)", () => {
    const recs = [r(250, 502), r(500, 502), r(750, 502), r(1000, 502)];
    const v = judgeDependencyErrors(recs, breaker, { startMs: 100, endMs: 1500 });
    expect(v.ok).toBe(false);
    expect(v.detail).toMatch(/never answered circuit_open/);
  });
  it("fails 5xx that keep coming after the breaker opened", () => {
    const recs = [r(250, 502), r(500, 502), r(750, 502), r(1000, 503, "circuit_open"), r(1250, 500), r(1500, 500), r(1750, 500)];
    expect(judgeDependencyErrors(recs, breaker, { startMs: 100, endMs: 2000 }).ok).toBe(false);
  });
  it("fails any 5xx for an optional dependency (the api must degrade, e.g. FAIL_ON_REDIS_DOWN)", () => {
    expect(judgeDependencyErrors([r(250, 200), r(500, 500, "redis_unavailable")], undefined, { startMs: 0, endMs: 1000 }).ok).toBe(false);
    expect(judgeDependencyErrors([r(250, 200), r(500, 200)], undefined, { startMs: 0, endMs: 1000 }).ok).toBe(true);
  });
});

describe("requestRecoveryAtMs", () => {
  it("is the first success after the last failure", () => {
    expect(requestRecoveryAtMs([r(0, 200), r(100, 502), r(200, undefined), r(300, 200), r(400, 200)], 50)).toBe(310);
  });
  it("does not count degraded answers as recovered", () => {
    expect(requestRecoveryAtMs([r(100, 200), { ...r(200, 200), degraded: true }, r(300, 200)], 50)).toBe(310);
  });
  it("is undefined when the path never came back, and fromMs when nothing failed", () => {
    expect(requestRecoveryAtMs([r(100, 502), r(200, 502)], 50)).toBeUndefined();
    expect(requestRecoveryAtMs([r(100, 200)], 50)).toBe(50);
  });
});

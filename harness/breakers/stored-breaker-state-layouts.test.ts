import { describe, expect, it } from "vitest";
import type { BreakerLayout } from "../stack/profile.ts";
import { readStoredBreakers, type KeyValueSource } from "./breaker-store-reader.ts";
import { allStoredStateKeys, parseStoredBreakerState, storedStateKeys } from "./stored-breaker-state.ts";

const json: BreakerLayout = { kind: "json-per-breaker", keyPrefix: "circuit_breaker:" };
const pybreaker: BreakerLayout = { kind: "pybreaker" };
const namespaced: BreakerLayout = { kind: "pybreaker", namespace: "xnai:{name}" };

function fakeRedis(data: Record<string, string>): KeyValueSource & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    mget: async (keys) => {
      calls.push(keys);
      return keys.map((key) => data[key] ?? null);
    },
  };
}

describe("JSON-per-breaker layout", () => {
  it("reads circuit_breaker:<name> records", async () => {
    const redis = fakeRedis({
      "circuit_breaker:inference": JSON.stringify({ state: "open", failure_count: 3, last_failure_time: 1_700_000_000_500, opened_at: 1_700_000_000_600, updated_at: 1_700_000_000_600 }),
      "circuit_breaker:redis": JSON.stringify({ state: "closed", failure_count: 0, last_failure_time: null, opened_at: null, updated_at: 1_700_000_000_000 }),
    });
    const snapshot = await readStoredBreakers(redis, json, ["inference", "redis", "llm"]);
    expect(redis.calls).toEqual([["circuit_breaker:inference", "circuit_breaker:redis", "circuit_breaker:llm"]]);
    expect(snapshot.reads).toEqual([
      { kind: "state", value: { breaker: "inference", state: "open", failureCount: 3, openedAtMs: 1_700_000_000_600, updatedAtMs: 1_700_000_000_600 } },
      { kind: "state", value: { breaker: "redis", state: "closed", failureCount: 0, openedAtMs: null, updatedAtMs: 1_700_000_000_000 } },
      { kind: "absent", breaker: "llm" },
    ]);
  });

  it.each([
    ["not JSON", "{state:", /not JSON/],
    ["an array", "[]", /not a JSON object/],
    ["an unknown state", JSON.stringify({ state: "tripped", failure_count: 1 }), /unknown state "tripped"/],
    ["a negative count", JSON.stringify({ state: "open", failure_count: -1 }), /failure_count -1/],
    ["a string time", JSON.stringify({ state: "open", failure_count: 3, opened_at: "yesterday" }), /opened_at "yesterday"/],
  ])("reports %s as malformed, never as a state", (_what, raw, reason) => {
    const read = parseStoredBreakerState(json, "inference", { "circuit_breaker:inference": raw });
    expect(read).toMatchObject({ kind: "malformed", breaker: "inference", reason: expect.stringMatching(reason) });
  });
});

describe("pybreaker CircuitRedisStorage layout", () => {
  it("names pybreaker's four keys, with and without a namespace", () => {
    expect(storedStateKeys(pybreaker, "llm")).toEqual({
      state: "pybreaker:state",
      failCounter: "pybreaker:fail_counter",
      successCounter: "pybreaker:success_counter",
      openedAt: "pybreaker:opened_at",
    });
    expect(storedStateKeys({ kind: "pybreaker", namespace: "rag" }, "llm").state).toBe("rag:pybreaker:state");
    expect(allStoredStateKeys(namespaced, ["llm", "redis"])).toHaveLength(8);
    expect(storedStateKeys(namespaced, "llm").openedAt).toBe("xnai:llm:pybreaker:opened_at");
  });

  it("reads state, counters and opened_at in epoch seconds", async () => {
    const redis = fakeRedis({
      "xnai:llm:pybreaker:state": "open",
      "xnai:llm:pybreaker:fail_counter": "5",
      "xnai:llm:pybreaker:opened_at": "1700000000",
      "xnai:redis:pybreaker:state": "half-open",
      "xnai:redis:pybreaker:success_counter": "1",
    });
    const snapshot = await readStoredBreakers(redis, namespaced, ["llm", "redis"]);
    expect(snapshot.reads).toEqual([
      { kind: "state", value: { breaker: "llm", state: "open", failureCount: 5, successCount: 0, openedAtMs: 1_700_000_000_000 } },
      { kind: "state", value: { breaker: "redis", state: "half-open", failureCount: 0, successCount: 1, openedAtMs: null } },
    ]);
  });

  it("treats a missing state key as absent and garbage as malformed", () => {
    expect(parseStoredBreakerState(pybreaker, "llm", { "pybreaker:fail_counter": "2" })).toEqual({ kind: "absent", breaker: "llm" });
    expect(parseStoredBreakerState(pybreaker, "llm", { "pybreaker:state": "OPEN" })).toMatchObject({ kind: "malformed", reason: /unknown state/ });
    expect(parseStoredBreakerState(pybreaker, "llm", { "pybreaker:state": "open", "pybreaker:fail_counter": "two" })).toMatchObject({
      kind: "malformed",
      reason: /fail_counter "two"/,
      raw: { "pybreaker:fail_counter": "two", "pybreaker:opened_at": null },
    });
    expect(parseStoredBreakerState(pybreaker, "llm", { "pybreaker:state": "open", "pybreaker:opened_at": "2024-01-01" })).toMatchObject({
      kind: "malformed",
      reason: /epoch seconds/,
    });
  });

  it("does not read the JSON layout's keys (a profile with the wrong layout finds nothing)", async () => {
    const redis = fakeRedis({ "circuit_breaker:llm": JSON.stringify({ state: "open", failure_count: 3 }) });
    expect((await readStoredBreakers(redis, pybreaker, ["llm"])).reads).toEqual([{ kind: "absent", breaker: "llm" }]);
  });
});

import { describe, expect, it } from "vitest";
import { defaultSlo, mergeSlo, SloOverrideError } from "./slo.ts";

describe("defaultSlo", () => {
  it("carries the stack's success metrics", () => {
    expect(defaultSlo.startupRuns).toBe(10);
    expect(defaultSlo.startupSuccessRatio).toBe(1);
    expect(defaultSlo.inferenceP95Ms).toBe(300);
    expect(defaultSlo.breakerFastFailP99Ms).toBe(5);
    expect(defaultSlo.redisLostAckedWritesMax["aof-always"]).toBe(0);
    expect(defaultSlo.redisLostAckedWritesMax["none-on-tmpfs"]).toBeNull();
    expect(defaultSlo.buildSourceChangeSpeedup).toBe(5);
  });
});

describe("mergeSlo", () => {
  it("returns a copy of the defaults when there are no overrides", () => {
    const merged = mergeSlo(defaultSlo, undefined);
    expect(merged).toEqual(defaultSlo);
    expect(merged).not.toBe(defaultSlo);
    expect(merged.redisLostAckedWritesMax).not.toBe(defaultSlo.redisLostAckedWritesMax);
  });

  it("overrides known keys and nested persistence modes without touching the defaults", () => {
    const merged = mergeSlo(defaultSlo, { inferenceP95Ms: 2500, redisLostAckedWritesMax: { rdb: 1000 } });
    expect(merged.inferenceP95Ms).toBe(2500);
    expect(merged.redisLostAckedWritesMax.rdb).toBe(1000);
    expect(merged.redisLostAckedWritesMax["aof-always"]).toBe(0);
    expect(defaultSlo.inferenceP95Ms).toBe(300);
    expect(defaultSlo.redisLostAckedWritesMax.rdb).toBeNull();
  });

  it("accepts null to turn a persistence mode into report-only", () => {
    expect(mergeSlo(defaultSlo, { redisLostAckedWritesMax: { "aof-everysec": null } }).redisLostAckedWritesMax["aof-everysec"]).toBeNull();
  });

  it("rejects an unknown key naming it and the source", () => {
    expect(() => mergeSlo(defaultSlo, { inferenceP95ms: 100 }, "profiles/laptop.yaml")).toThrowError(
      /profiles\/laptop\.yaml[\s\S]*inferenceP95ms: unknown SLO key/,
    );
  });

  it("rejects wrong types and out-of-range values, listing every problem", () => {
    try {
      mergeSlo(defaultSlo, {
        inferenceP95Ms: "300",
        startupSuccessRatio: 1.5,
        startupRuns: 2.5,
        teardownMs: -1,
        redisLostAckedWritesMax: { rdb: "x", fsync: 0 },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(SloOverrideError);
      const problems = (error as SloOverrideError).problems;
      expect(problems).toHaveLength(6);
      expect(problems.join("\n")).toMatch(/inferenceP95Ms: expected a finite number, got string "300"/);
      expect(problems.join("\n")).toMatch(/startupSuccessRatio: is a ratio/);
      expect(problems.join("\n")).toMatch(/startupRuns: must be an integer/);
      expect(problems.join("\n")).toMatch(/teardownMs: must be >= 0/);
      expect(problems.join("\n")).toMatch(/redisLostAckedWritesMax\.rdb: expected a finite number or null/);
      expect(problems.join("\n")).toMatch(/redisLostAckedWritesMax\.fsync: unknown persistence mode/);
      expect(JSON.parse(JSON.stringify(error))).toMatchObject({ name: "SloOverrideError" });
    }
  });

  it("rejects overrides that are not an object", () => {
    expect(() => mergeSlo(defaultSlo, [1, 2])).toThrowError(/expected an object of SLO keys, got an array/);
    expect(() => mergeSlo(defaultSlo, { redisLostAckedWritesMax: 0 })).toThrowError(/keyed by persistence mode/);
  });
});

import { describe, expect, it } from "vitest";
import { judge } from "./verdict.ts";

describe("judge", () => {
  it.each([
    [300, 300, "<=", "pass"],
    [300.1, 300, "<=", "fail"],
    [300, 300, "<", "fail"],
    [1, 1, ">=", "pass"],
    [0.9, 1, ">=", "fail"],
    [5, 5, ">", "fail"],
    [0, 0, "==", "pass"],
    [1, 0, "==", "fail"],
  ] as const)("%d %s %d -> %s", (value, threshold, comparator, expected) => {
    expect(judge(value, threshold, comparator)).toBe(expected);
  });

  it("passes report-only metrics whatever the value", () => {
    expect(judge(1e9, null, "<=")).toBe("pass");
  });

  it("fails NaN rather than letting it slip through every comparison", () => {
    expect(judge(Number.NaN, 300, "<=")).toBe("fail");
    expect(judge(Number.NaN, null, "<=")).toBe("fail");
  });
});

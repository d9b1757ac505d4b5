import { describe, expect, it } from "vitest";
import { failuresBeforeFirstRejection, rejectedCallsThatReachedDependency } from "./breaker-opening.ts";

describe("failuresBeforeFirstRejection", () => {
  it("counts the failures that opened the breaker", () => {
    expect(failuresBeforeFirstRejection(["success", "failure", "failure", "failure", "rejected", "rejected"])).toBe(3);
  });

  it("catches a breaker that opened early, and one that never opened", () => {
    expect(failuresBeforeFirstRejection(["failure", "rejected"])).toBe(1);
    expect(failuresBeforeFirstRejection(["failure", "failure", "failure", "failure", "failure"])).toBeUndefined();
  });
});

describe("rejectedCallsThatReachedDependency", () => {
  it("is zero when the dependency saw only the calls let through", () => {
    expect(rejectedCallsThatReachedDependency({ letThrough: 1, seenByDependency: 1, rejected: 9 })).toBe(0);
  });

  it("catches rejected calls that were forwarded anyway (a breaker that only relabels errors)", () => {
    expect(rejectedCallsThatReachedDependency({ letThrough: 1, seenByDependency: 10, rejected: 9 })).toBe(9);
  });
});

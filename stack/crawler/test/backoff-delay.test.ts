import { describe, expect, it } from "vitest";
import { backoffDelayMs } from "../src/backoff.ts";

describe("backoffDelayMs", () => {
  it("doubles per attempt between half and all of the ceiling", () => {
    expect(backoffDelayMs(1, 200, 5000, () => 0)).toBe(100);
    expect(backoffDelayMs(1, 200, 5000, () => 0.999999)).toBe(200);
    expect(backoffDelayMs(2, 200, 5000, () => 0)).toBe(200);
    expect(backoffDelayMs(4, 200, 5000, () => 0)).toBe(800);
  });

  it("never exceeds the cap, however many attempts", () => {
    expect(backoffDelayMs(6, 200, 5000, () => 0.999999)).toBe(5000);
    expect(backoffDelayMs(1_000, 200, 5000, () => 0.999999)).toBe(5000);
    expect(backoffDelayMs(1_000, 200, 5000, () => 0)).toBe(2500);
  });

  it("treats attempt 0 or below like the first", () => {
    expect(backoffDelayMs(0, 200, 5000, () => 0)).toBe(100);
  });
});

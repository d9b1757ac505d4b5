import { describe, expect, it } from "vitest";
import { percentileMs } from "./in-namespace-latency.ts";

describe("percentileMs", () => {
  it("takes the nearest rank, so p99 of 100 values is the 99th smallest", () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileMs(values, 99)).toBe(99);
    expect(percentileMs(values, 50)).toBe(50);
    expect(percentileMs([7], 99)).toBe(7);
  });
  it("lets one slow answer in a hundred breach a p99 bound", () => {
    const values = [...Array.from({ length: 98 }, () => 1), 9, 9];
    expect(percentileMs(values, 99)).toBe(9);
  });
});

import { describe, expect, it } from "vitest";
import { RingBuffer } from "./ring-buffer.ts";

describe("RingBuffer", () => {
  it("keeps the newest items oldest first and counts what it dropped", () => {
    const ring = new RingBuffer<number>(3);
    for (let i = 1; i <= 5; i++) ring.push(i);
    expect(ring.toArray()).toEqual([3, 4, 5]);
    expect(ring.size).toBe(3);
    expect(ring.dropped).toBe(2);
  });

  it("returns what was pushed when not full, and refuses a useless capacity", () => {
    const ring = new RingBuffer<string>(4);
    ring.push("a");
    ring.push("b");
    expect(ring.toArray()).toEqual(["a", "b"]);
    expect(() => new RingBuffer(0)).toThrow(RangeError);
  });
});

import { describe, expect, it } from "vitest";
import { rankByOverlap } from "../src/retrieval-rank.ts";

describe("rankByOverlap", () => {
  it("scores one point per query word whose index holds the doc and keeps the top k", () => {
    const members = [["0003", "0001"], ["0001", "0002"], ["0001", "0003"]];
    expect(rankByOverlap(members, 2)).toEqual([
      { id: "0001", score: 3 },
      { id: "0003", score: 2 },
    ]);
  });

  it("breaks ties by numeric id order so answers are stable", () => {
    expect(rankByOverlap([["10", "9", "0100"]], 3).map((r) => r.id)).toEqual(["9", "10", "0100"]);
  });

  it("counts a doc once per word even if listed twice", () => {
    expect(rankByOverlap([["a", "a"]], 1)).toEqual([{ id: "a", score: 1 }]);
  });

  it("returns nothing for no matches or k = 0", () => {
    expect(rankByOverlap([[], []], 3)).toEqual([]);
    expect(rankByOverlap([["a"]], 0)).toEqual([]);
  });
});

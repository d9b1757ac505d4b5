import { describe, expect, it } from "vitest";
import { checkDataLoss, type WriteAttempt } from "./data-loss-checker.ts";

const acked = (id: string, ackedAtMs = 0): WriteAttempt => ({ id, outcome: "acked", ackedAtMs });
const failed = (id: string): WriteAttempt => ({ id, outcome: "failed" });
const indeterminate = (id: string): WriteAttempt => ({ id, outcome: "indeterminate" });

describe("checkDataLoss", () => {
  it("is ok when every acknowledged write is read back", () => {
    const report = checkDataLoss([acked("a"), acked("b"), failed("c")], ["a", "b"]);
    expect(report).toEqual({
      attempted: 3,
      acknowledged: 2,
      lost: 0,
      unexpected: 0,
      recovered: 0,
      lostIds: [],
      unexpectedIds: [],
      lostAckedBetweenMs: null,
      ok: true,
    });
  });

  it("reports acknowledged writes missing after recovery as lost, with the window they were acked in", () => {
    const history = Array.from({ length: 100 }, (_, i) => acked(`w${i}`, 1_000 + i * 10));
    const survivors = history.slice(0, 60).map((attempt) => attempt.id);
    const report = checkDataLoss(history, survivors, { sampleSize: 5 });
    expect(report).toMatchObject({ acknowledged: 100, lost: 40, ok: false });
    expect(report.lostIds).toEqual(["w60", "w61", "w62", "w63", "w64"]);
    expect(report.lostAckedBetweenMs).toEqual({ firstMs: 1_600, lastMs: 1_990 });
  });

  it("flags values nobody wrote as unexpected", () => {
    const report = checkDataLoss([acked("a")], ["a", "zz"]);
    expect(report).toMatchObject({ unexpected: 1, unexpectedIds: ["zz"], lost: 0, ok: false });
  });

  it("counts failed and indeterminate writes that did land as recovered, never as lost", () => {
    const report = checkDataLoss([acked("a"), failed("b"), indeterminate("c"), indeterminate("d")], ["a", "b", "c"]);
    expect(report).toMatchObject({ attempted: 4, acknowledged: 1, recovered: 2, lost: 0, unexpected: 0, ok: true });
  });

  it("treats a retried id as acknowledged if any attempt was", () => {
    const report = checkDataLoss([failed("a"), indeterminate("a"), acked("a", 5)], []);
    expect(report).toMatchObject({ attempted: 1, acknowledged: 1, lost: 1, lostIds: ["a"] });
    expect(checkDataLoss([acked("a", 5), failed("a")], [])).toMatchObject({ acknowledged: 1, lost: 1 });
  });

  it("handles an empty history and an empty read", () => {
    expect(checkDataLoss([], [])).toMatchObject({ attempted: 0, acknowledged: 0, lost: 0, ok: true });
  });

  it("scales to a large history", () => {
    const history = Array.from({ length: 200_000 }, (_, i) => acked(String(i), i));
    const read = history.filter((_, i) => i % 1000 !== 0).map((attempt) => attempt.id);
    expect(checkDataLoss(history, read).lost).toBe(200);
  });
});

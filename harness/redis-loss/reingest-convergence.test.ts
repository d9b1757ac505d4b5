import { describe, expect, it } from "vitest";
import { reingestConvergence, type CrawlerSample } from "./reingest-watch.ts";

const s = (atMs: number, docKeys: number | null, ingested: number | null): CrawlerSample => ({ atMs, docKeys, ingested, total: 10, passes: 1, reingested: 0, status: "ready" });

describe("reingestConvergence", () => {
  it("measures wipe to both counts back at the corpus size", () => {
    const samples = [s(0, 10, 10), s(100, 0, 10), s(200, null, null), s(300, 4, 4), s(400, 10, 10)];
    expect(reingestConvergence(samples, 50, 10)).toEqual({ wipeSeen: true, convergedAtMs: 400, reingestMs: 350 });
  });

  it("fails a crawler that never re-ingests", () => {
    expect(reingestConvergence([s(100, 0, 10), s(200, 0, 10), s(300, 0, 10)], 50, 10)).toMatchObject({ wipeSeen: true, reingestMs: null });
  });

  it("does not count the crawler's stale count as converged while Redis is empty", () => {
    expect(reingestConvergence([s(100, 0, 10), s(200, 3, 10)], 50, 10).convergedAtMs).toBeNull();
  });

  it("reports a wipe that never showed", () => {
    expect(reingestConvergence([s(100, 10, 10)], 50, 10)).toMatchObject({ wipeSeen: false, reingestMs: null });
  });
});

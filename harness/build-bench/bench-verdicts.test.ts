import { describe, expect, it } from "vitest";
import { gateResults, median, summarize, weakest } from "./bench-stats.ts";
import { judgeCacheLocation } from "./cache-location.ts";
import { judgeCacheContent } from "./image-content.ts";
import { stepTimings } from "./step-timing.ts";
import { parseSystemDf } from "./disk-usage.ts";
import type { ImageRun } from "./build-bench.ts";

const slo = { buildSourceChangeSpeedup: 5, buildDependencyChangeSpeedup: 2 };
const run = (n: number, cold: number, source: number, depMounts: number, depNo: number): ImageRun => ({
  service: "api", engine: "rootless", run: n, cacheMounts: 1, installStepMs: {}, steps: {}, loadAvg: {},
  timesMs: { cold, source, "dependency-mounts": depMounts, "dependency-nomount": depNo },
});

describe("build benchmark verdicts", () => {
  it("takes medians per phase and the speedups from them", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
    const [s] = summarize([run(1, 60_000, 10_000, 20_000, 50_000), run(2, 70_000, 12_000, 25_000, 40_000), run(3, 50_000, 11_000, 5_000, 45_000)]);
    expect(s!.medianMs.cold).toBe(60_000);
    expect(s!.sourceChangeSpeedup).toBeCloseTo(60 / 11);
    expect(s!.dependencyChangeSpeedup).toBeCloseTo(45 / 20);
  });

  it("fails the gates when the cached builds are not fast enough, passes when they are", () => {
    const slow = gateResults(summarize([run(1, 43_000, 28_000, 50_000, 49_000)]), slo);
    expect(slow.map((g) => g.pass)).toEqual([false, false]);
    const fast = gateResults(summarize([run(1, 60_000, 6_000, 10_000, 40_000)]), slo);
    expect(fast.map((g) => g.pass)).toEqual([true, true]);
    expect(weakest([...fast, ...slow.map((g) => ({ ...g, service: "crawler" }))], "build.source_change_speedup")!.service).toBe("crawler");
  });

  it("rejects a rootless cache in root's /var/tmp, a missing or empty cache, and a foreign owner", () => {
    const rootless = { kind: "rootless" as const, uid: 1001, tmpDir: "/home/xnai/.tmp" };
    const filled = { path: "/home/xnai/.tmp/buildah-cache/id", exists: true, ownerUid: 1001, entries: 3 };
    const absent = { path: "/var/tmp/buildah-cache/id", exists: false };
    expect(judgeCacheLocation(rootless, filled, absent).ok).toBe(true);
    expect(judgeCacheLocation(rootless, { ...filled, exists: false }, { ...filled, path: absent.path, ownerUid: 0 }).reason).toMatch(/root's \/var\/tmp/);
    expect(judgeCacheLocation(rootless, { path: filled.path, exists: false }, absent).ok).toBe(false);
    expect(judgeCacheLocation(rootless, { ...filled, entries: 0 }, absent).ok).toBe(false);
    expect(judgeCacheLocation(rootless, { ...filled, ownerUid: 0 }, absent).ok).toBe(false);
  });

  it("flags npm cache data in an image but not npm's own logs", () => {
    const clean = judgeCacheContent("12\t/root/.npm/_logs\n4\t/root/.npm/_update-notifier-last-checked\n");
    expect(clean.leaked).toEqual([]);
    expect(clean.bookkeeping).toHaveLength(2);
    const leaked = judgeCacheContent("30512\t/root/.npm/_cacache\n12\t/root/.npm/_logs\n");
    expect(leaked.leaked).toEqual([{ path: "/root/.npm/_cacache", kb: 30512 }]);
  });

  it("times each build step from its STEP line and sees layer-cache hits", () => {
    const steps = stepTimings(
      [
        { atMs: 0, line: "STEP 1/3: FROM x" },
        { atMs: 100, line: "STEP 2/3: COPY a ." },
        { atMs: 150, line: "--> Using cache abc" },
        { atMs: 200, line: "STEP 3/3: RUN npm ci" },
      ],
      5_200,
    );
    expect(steps.map((s) => [s.durationMs, s.cached])).toEqual([[100, false], [100, true], [5_000, false]]);
  });

  it("reads the Images row of podman system df", () => {
    expect(parseSystemDf("Images\t131\t54486413870\nContainers\t1\t12\n")).toEqual({ images: 131, imagesRawBytes: 54486413870 });
    expect(() => parseSystemDf("")).toThrow(/no Images row/);
  });
});

import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { gateImagesOf } from "./bench-suite.ts";
import { renderBenchTable } from "./bench-table.ts";
import { gateResults, summarize } from "./bench-stats.ts";

const root = mkdtempSync(join(tmpdir(), "bb-gate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const image = (service: string, containerfile: string) => {
  mkdirSync(join(root, service));
  writeFileSync(join(root, service, "Containerfile"), containerfile);
  return { service, context: join(root, service), dockerfile: "Containerfile", args: {} };
};
const plain = image("redis", "FROM x\nRUN true\n");
const web = image("web", "FROM x\nRUN --mount=type=cache,target=/root/.npm npm ci\n");
const api = image("api", "FROM x\nRUN --mount=type=cache,target=/root/.npm npm ci\n");

describe("CI gate image and table", () => {
  it("prefers the api role's image when it has a cache mount, else any image with one, else none", () => {
    expect(gateImagesOf([plain, web, api], "api").map((i) => i.service)).toEqual(["api"]);
    expect(gateImagesOf([plain, web], "api").map((i) => i.service)).toEqual(["web"]);
    expect(gateImagesOf([plain], "redis")).toEqual([]);
  });

  it("shows a failing gate as FAIL with its threshold and the measured ratio", () => {
    const runs = [{ service: "api", engine: "rootless" as const, run: 1, cacheMounts: 1, installStepMs: {}, steps: {}, loadAvg: { cold: 3 }, timesMs: { cold: 43_000, source: 28_300, "dependency-mounts": 50_800, "dependency-nomount": 49_700 } }];
    const sums = summarize(runs);
    const table = renderBenchTable(sums, gateResults(sums, { buildSourceChangeSpeedup: 5, buildDependencyChangeSpeedup: 2 }));
    expect(table).toContain("| rootless | api | 1 | 3.0 | 43.0 | 28.3 | 50.8 | 49.7 |");
    expect(table).toContain("1.52x FAIL (>= 5)");
    expect(table).toContain("0.98x FAIL (>= 2)");
  });
});

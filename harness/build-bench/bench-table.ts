// The benchmark's table (markdown): median times per phase and the speedups against the SLO.
import type { DiskUsage } from "./disk-usage.ts";
import type { GateResult, ImageSummary } from "./bench-stats.ts";
import type { ImageRun } from "./build-bench.ts";

const s = (ms: number | undefined) => (ms === undefined ? "n/a" : (ms / 1000).toFixed(1));
const x = (v: number | undefined) => (v === undefined ? "n/a" : `${v.toFixed(2)}x`);

export function renderBenchTable(summaries: readonly ImageSummary[], gates: readonly GateResult[]): string {
  const verdict = (sum: ImageSummary, metric: GateResult["metric"]) => {
    const g = gates.find((r) => r.metric === metric && r.engine === sum.engine && r.service === sum.service);
    return g ? `${x(g.value)} ${g.pass ? "PASS" : "FAIL"} (>= ${g.threshold})` : "n/a";
  };
  const rows = summaries.map((m) =>
    `| ${m.engine} | ${m.service} | ${m.runs} | ${m.medianLoadAvg?.toFixed(1) ?? "n/a"} | ${s(m.medianMs.cold)} | ${s(m.medianMs.source)} | ${s(m.medianMs["dependency-mounts"])} | ${s(m.medianMs["dependency-nomount"])} | ${s(m.medianInstallMs["dependency-mounts"])} / ${s(m.medianInstallMs["dependency-nomount"])} | ${verdict(m, "build.source_change_speedup")} | ${verdict(m, "build.dependency_change_speedup")}${m.dependencySkipped ? ` (${m.dependencySkipped})` : ""} |`,
  );
  return [
    "| engine | image | runs | load avg | cold s | source change s | dep change, warm cache mounts s | dep change, no cache mounts s | install step s (dep mounts / no mounts) | source speedup (cold/source) | dependency speedup (no mounts/mounts) |",
    "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

export function renderChecks(runs: readonly ImageRun[]): string {
  const lines = runs
    .filter((r) => r.cacheLocation || r.contentWithMounts || r.contentWithoutMounts)
    .map((r) => {
      const entries = (l: { path: string; kb: number }[]) => l.map((e) => `${e.path} ${e.kb} KiB`).join(", ");
      const content = (c: ImageRun["contentWithMounts"]) =>
        c === undefined ? "n/a" : `${c.leaked.length === 0 ? "none" : `LEAK ${entries(c.leaked)}`}${c.bookkeeping.length ? `; bookkeeping only: ${entries(c.bookkeeping)}` : ""}`;
      return `| ${r.engine} | ${r.service} | ${r.run} | ${r.cacheLocation ? `${r.cacheLocation.ok ? "ok" : "FAIL"}: ${r.cacheLocation.reason}` : "n/a"} | ${content(r.contentWithMounts)} | ${content(r.contentWithoutMounts)} |`;
    });
  return ["| engine | image | run | cache mount location | cache data in image (with mounts) | cache data in image (mounts removed: must be caught) |", "| --- | --- | --- | --- | --- | --- |", ...lines].join("\n");
}

const mb = (b: number | undefined) => (b === undefined ? "n/a" : `${(b / 1e6).toFixed(0)} MB`);

export function renderDisk(rows: readonly { engine: string; when: string; usage: DiskUsage }[]): string {
  return [
    "| engine | when | images | podman df image size (sum, shared layers counted again) | storage on disk | cache mounts on disk |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows.map((r) => `| ${r.engine} | ${r.when} | ${r.usage.images ?? `n/a (${r.usage.dfError})`} | ${mb(r.usage.imagesRawBytes)} | ${mb(r.usage.storageBytes)} | ${mb(r.usage.cacheMountBytes)} |`),
  ].join("\n");
}

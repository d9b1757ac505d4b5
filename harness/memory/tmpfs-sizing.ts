// The tmpfs sizing table: per service, each tmpfs's size and use against the container's memory limit.
// tmpfs pages are charged to the container's memory cgroup, so full tmpfs mounts plus the resident set
// must fit under the limit or the service is OOM-killed by its own scratch files.
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import { diskFree, residentBytes, serviceMemoryLimit, tmpfsTargets } from "./tmpfs-usage.ts";

export interface SizingRow {
  service: string;
  memoryLimitBytes: number | null;
  residentBytes: number;
  tmpfs: { path: string; sizeBytes: number; usedBytes: number }[];
  tmpfsTotalBytes: number;
  /** (resident + every tmpfs full) / limit: above 1 a filled tmpfs can OOM-kill the service. */
  worstCaseRatio: number | null;
}

export async function sizingRows(stack: StartedStack, services: readonly string[]): Promise<SizingRow[]> {
  const rows: SizingRow[] = [];
  for (const service of services) {
    const tmpfs = [];
    for (const path of tmpfsTargets(stack, service)) {
      const df = await diskFree(stack, service, path);
      tmpfs.push({ path, sizeBytes: df.sizeBytes, usedBytes: df.usedBytes });
    }
    const limit = serviceMemoryLimit(stack, service) ?? null;
    const resident = await residentBytes(stack, service);
    const total = tmpfs.reduce((s, t) => s + t.sizeBytes, 0);
    rows.push({ service, memoryLimitBytes: limit, residentBytes: resident, tmpfs, tmpfsTotalBytes: total, worstCaseRatio: limit ? (resident + total) / limit : null });
  }
  return rows;
}

const mib = (b: number) => (b / 1024 / 1024).toFixed(1);

export function sizingMarkdown(rows: readonly SizingRow[]): string {
  const lines = [
    "## tmpfs sizing against memory limits",
    "",
    "| service | memory limit MiB | resident MiB | tmpfs (size MiB / used MiB) | tmpfs total MiB | (resident + tmpfs) / limit |",
    "| --- | ---: | ---: | --- | ---: | ---: |",
  ];
  for (const r of rows) {
    const mounts = r.tmpfs.map((t) => `${t.path} ${mib(t.sizeBytes)} / ${mib(t.usedBytes)}`).join("<br>");
    lines.push(`| ${r.service} | ${r.memoryLimitBytes === null ? "none" : mib(r.memoryLimitBytes)} | ${mib(r.residentBytes)} | ${mounts} | ${mib(r.tmpfsTotalBytes)} | ${r.worstCaseRatio === null ? "n/a" : r.worstCaseRatio.toFixed(2)} |`);
  }
  return `${lines.join("\n")}\n`;
}

/** Services whose every tmpfs full plus their resident set would pass `maxRatio` of their memory limit. */
export function overCommitted(rows: readonly SizingRow[], maxRatio = 1): string[] {
  return rows.filter((r) => r.worstCaseRatio !== null && r.worstCaseRatio > maxRatio).map((r) => `${r.service}: ${r.worstCaseRatio!.toFixed(2)} x limit`);
}

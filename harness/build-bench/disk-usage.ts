// Disk used by an engine's images and build cache: podman's own accounting (which sums image sizes,
// shared layers counted again) and the real bytes of its storage and cache-mount directories.
import type { EngineTarget } from "../engine/engine-target.ts";
import { podman, runCommand } from "../engine/podman-cli.ts";
import { cacheRootOf } from "./cache-location.ts";
import { waitUntil } from "../util/wait-until.ts";

export interface DiskUsage {
  images?: number;
  imagesRawBytes?: number;
  /** podman system df fails while other users remove containers concurrently; the du numbers remain. */
  dfError?: string;
  storageBytes: number;
  cacheMountBytes: number;
}

export function parseSystemDf(stdout: string): { images: number; imagesRawBytes: number } {
  const row = stdout.split("\n").map((l) => l.split("\t")).find((cols) => cols[0] === "Images");
  if (!row) throw new Error(`podman system df: no Images row in ${JSON.stringify(stdout.slice(0, 200))}`);
  return { images: Number(row[1]), imagesRawBytes: Number(row[2]) };
}

export function parseDuBytes(stdout: string): number {
  const n = Number(stdout.trim().split(/\s+/)[0]);
  return Number.isFinite(n) ? n : 0;
}

async function duBytes(path: string): Promise<number> {
  const r = await runCommand(["du", "-sb", path], { PATH: "/usr/bin:/bin" }, { allowFailure: true, timeoutMs: 120_000 });
  return parseDuBytes(r.stdout);
}

export async function diskUsage(target: EngineTarget): Promise<DiskUsage> {
  let df: Pick<DiskUsage, "images" | "imagesRawBytes" | "dfError"> = {};
  try {
    df = await waitUntil(async () => parseSystemDf((await podman(target, ["system", "df", "--format", "{{.Type}}\t{{.Total}}\t{{.RawSize}}"], { timeoutMs: 120_000 })).stdout), {
      timeoutMs: 60_000,
      intervalMs: 1_000,
      what: `podman system df on the ${target.kind} engine`,
    });
  } catch (err) {
    df = { dfError: (err as Error).message };
  }
  const graphRoot = (await podman(target, ["info", "--format", "{{.Store.GraphRoot}}"], { timeoutMs: 60_000 })).stdout.trim();
  return { ...df, storageBytes: await duBytes(graphRoot), cacheMountBytes: await duBytes(cacheRootOf(target)) };
}

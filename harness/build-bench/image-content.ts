// Checks that a built image carries no cache contents: under every cache-mount target the final image
// may hold only the package manager's bookkeeping (npm's debug logs and update-check stamp, written by
// later npm commands that run without the mount), never cache data such as npm's _cacache.
import { basename } from "node:path";
import type { EngineTarget } from "../engine/engine-target.ts";
import { podman } from "../engine/podman-cli.ts";

export const bookkeepingEntries: ReadonlySet<string> = new Set(["_logs", "_update-notifier-last-checked"]);

export interface CacheEntry {
  path: string;
  kb: number;
}

export interface ImageCacheContent {
  /** Cache data found in the image: the check fails when this is not empty. */
  leaked: CacheEntry[];
  bookkeeping: CacheEntry[];
}

/** Parses `du -sk` lines ("<kb>\t<path>") of the entries directly under the mount targets. */
export function judgeCacheContent(stdout: string): ImageCacheContent {
  const entries = stdout
    .split("\n")
    .map((l) => /^(\d+)\s+(\S.*)$/.exec(l.trim()))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ path: m[2]!, kb: Number(m[1]) }));
  return {
    leaked: entries.filter((e) => !bookkeepingEntries.has(basename(e.path))),
    bookkeeping: entries.filter((e) => bookkeepingEntries.has(basename(e.path))),
  };
}

/** Lists what the image holds under each path, as root in a throwaway container of the image. */
export async function imageCacheContent(target: EngineTarget, image: string, paths: readonly string[], labels: Record<string, string>): Promise<ImageCacheContent> {
  if (paths.length === 0) return { leaked: [], bookkeeping: [] };
  const script = `for p in "$@"; do [ -d "$p" ] && find "$p" -mindepth 1 -maxdepth 1 -exec du -sk {} +; done; exit 0`;
  const labelArgs = Object.entries(labels).flatMap(([k, v]) => ["--label", `${k}=${v}`]);
  const r = await podman(target, ["run", "--rm", "--network=none", "--user", "0:0", ...labelArgs, "--entrypoint", "/bin/sh", image, "-c", script, "sh", ...paths], { timeoutMs: 120_000 });
  return judgeCacheContent(r.stdout);
}

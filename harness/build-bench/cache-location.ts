// Where an engine keeps a cache mount's data: buildah puts `id=X` at $TMPDIR/buildah-cache/X, with
// $TMPDIR of the process that builds (the API service). A rootless engine without a per-user TMPDIR
// lands in root's /var/tmp/buildah-cache (EACCES, or a cache shared outside the user's storage).
import { existsSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import type { EngineTarget } from "../engine/engine-target.ts";

export const systemCacheRoot = "/var/tmp/buildah-cache";

export function cacheRootOf(target: Pick<EngineTarget, "tmpDir">): string {
  return join(target.tmpDir, "buildah-cache");
}

export interface CacheDirState {
  path: string;
  exists: boolean;
  ownerUid?: number;
  entries?: number;
}

export function cacheDirState(path: string): CacheDirState {
  if (!existsSync(path)) return { path, exists: false };
  return { path, exists: true, ownerUid: statSync(path).uid, entries: readdirSync(path).length };
}

export interface CacheLocationVerdict {
  ok: boolean;
  reason: string;
}

/** The cache of `id` must be filled, under the engine user's TMPDIR, owned by that user, and not in root's /var/tmp. */
export function judgeCacheLocation(target: Pick<EngineTarget, "kind" | "uid" | "tmpDir">, expected: CacheDirState, system: CacheDirState): CacheLocationVerdict {
  if (target.kind === "rootless" && system.exists) return { ok: false, reason: `rootless cache mount landed in ${system.path} (root's /var/tmp), not under ${target.tmpDir}` };
  if (!expected.exists) return { ok: false, reason: `no cache data at ${expected.path}: the engine did not keep the cache mount under its TMPDIR ${target.tmpDir}` };
  if (!expected.entries) return { ok: false, reason: `${expected.path} is empty: the cache mount did not persist anything` };
  if (expected.ownerUid !== target.uid) return { ok: false, reason: `${expected.path} is owned by uid ${expected.ownerUid}, not the engine user's uid ${target.uid}` };
  return { ok: true, reason: `${expected.path}: ${expected.entries} entries, owned by uid ${expected.ownerUid}` };
}

export function removeCacheDirs(target: Pick<EngineTarget, "tmpDir">, prefix: string): string[] {
  const removed: string[] = [];
  for (const root of [cacheRootOf(target), systemCacheRoot]) {
    if (!existsSync(root)) continue;
    for (const name of readdirSync(root)) {
      if (!name.startsWith(prefix)) continue;
      rmSync(join(root, name), { recursive: true, force: true });
      removed.push(join(root, name));
    }
  }
  return removed;
}

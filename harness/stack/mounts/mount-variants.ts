// Compose overrides for the destructive mount tests: Redis alone (the others are not involved), its data
// path on tmpfs or on a named volume, and deliberately broken variants each check must catch.
import type { ComposeModel } from "../compose/index.ts";
import type { ComposeOverride } from "../compose/override.ts";

export interface RedisMountTarget {
  model: ComposeModel;
  service: string;
  dataPath: string;
}

const tmpfsSpecs = (t: RedisMountTarget) => t.model.services[t.service]!.mounts.filter((m) => m.kind === "tmpfs" && m.origin === "tmpfs").map((m) => m.raw);
const targetOf = (spec: string) => spec.split(":")[0];
const withMode = (spec: string, mode: string) => (/mode=\d+/.test(spec) ? spec.replace(/mode=\d+/, `mode=${mode}`) : `${spec}${spec.includes(":") ? "," : ":"}mode=${mode}`);

function onlyService(t: RedisMountTarget, service: Record<string, unknown>, extra: ComposeOverride = {}): ComposeOverride {
  const others = Object.fromEntries(Object.keys(t.model.services).filter((s) => s !== t.service).map((s) => [s, null]));
  return { ...extra, services: { ...others, [t.service]: service } };
}

/** Redis alone, data on its declared tmpfs. */
export function redisOnTmpfs(t: RedisMountTarget): ComposeOverride {
  return onlyService(t, {});
}

/** Redis alone, data on a named volume chowned to the service user (`:U`) instead of a tmpfs. */
export function redisOnVolume(t: RedisMountTarget, volume = "xnai_redis_data"): ComposeOverride {
  return onlyService(
    t,
    { tmpfs: tmpfsSpecs(t).filter((s) => targetOf(s) !== t.dataPath), volumes: [`${volume}:${t.dataPath}:U`] },
    { volumes: { [volume]: {} } },
  );
}

/**
 * Everything wrong at once, each for its own check: the data tmpfs declared 0755 (runc keeps the
 * image directory's mode, so the mode check sees the mismatch), a fresh tmpfs the service UID cannot
 * write used as Redis' dir (writability and BGSAVE fail), a volume nested in the data tmpfs (overlap).
 */
export const brokenDir = "/xnai-unwritable";
export function redisBroken(t: RedisMountTarget, volume = "xnai_nested"): ComposeOverride {
  const tmpfs = tmpfsSpecs(t).map((s) => (targetOf(s) === t.dataPath ? withMode(s, "0755") : s));
  return onlyService(
    t,
    { tmpfs: [...tmpfs, `${brokenDir}:size=8m,mode=0755`], volumes: [`${volume}:${t.dataPath}/nested`], command: ["--dir", brokenDir] },
    { volumes: { [volume]: {} } },
  );
}

/** A tmpfs and a volume on the very same path: the engine must refuse to create it. */
export function redisSamePathTmpfsAndVolume(t: RedisMountTarget, volume = "xnai_same_path"): ComposeOverride {
  return onlyService(t, { volumes: [`${volume}:${t.dataPath}`] }, { volumes: { [volume]: {} } });
}

// Compose overrides for the persistence trials: Redis alone (the trials need nothing else, and a
// one-service stack starts in seconds), with its data directory on the tmpfs as shipped or on a volume.
import type { ComposeModel } from "../stack/compose/index.ts";
import type { ComposeOverride } from "../stack/compose/override.ts";
import type { RedisDataPlace } from "../slo/slo.ts";

export const redisDataVolume = "redis-data";

export function redisPlaceOverride(model: ComposeModel, redisService: string, dataPath: string, place: RedisDataPlace): ComposeOverride {
  const svc = model.services[redisService];
  if (!svc) throw new Error(`${model.file}: no service '${redisService}'`);
  const others = Object.fromEntries(Object.keys(model.services).filter((name) => name !== redisService).map((name) => [name, null]));
  const onTmpfs = svc.mounts.some((m) => m.kind === "tmpfs" && m.target === dataPath);
  if (place === "tmpfs") {
    if (!onTmpfs) throw new Error(`${model.file}: service '${redisService}' has no tmpfs at ${dataPath}; the tmpfs trial would measure something else`);
    return { services: { ...others, [redisService]: { depends_on: null } } };
  }
  const keptTmpfs = svc.mounts.filter((m) => m.origin === "tmpfs" && m.target !== dataPath).map((m) => m.raw);
  const keptVolumes = svc.mounts.filter((m) => m.origin !== "tmpfs" && m.target !== dataPath).map((m) => m.raw);
  return {
    services: { ...others, [redisService]: { depends_on: null, tmpfs: keptTmpfs, volumes: [...keptVolumes, `${redisDataVolume}:${dataPath}:U`] } },
    volumes: { [redisDataVolume]: {} },
  };
}

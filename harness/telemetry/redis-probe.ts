// Redis memory, evictions and persistence status from INFO, over one long-lived admin connection that
// fails fast while Redis is gone (a gap) and reconnects by itself.
import { Redis } from "ioredis";
import type { HostPort } from "../stack/launcher/started-stack.ts";
import type { RedisReading, RedisSample } from "./telemetry-series.ts";

export function parseRedisInfo(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (line === "" || line.startsWith("#")) continue;
    const colon = line.indexOf(":");
    if (colon > 0) fields[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return fields;
}

function numberField(fields: Record<string, string>, name: string): number | null {
  const value = fields[name];
  if (value === undefined || value === "") return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

export function redisReading(fields: Record<string, string>): RedisReading {
  const usedMemoryBytes = numberField(fields, "used_memory");
  if (usedMemoryBytes === null) throw new Error("INFO has no used_memory");
  return {
    ok: true,
    usedMemoryBytes,
    maxmemoryBytes: numberField(fields, "maxmemory") ?? 0,
    evictedKeys: numberField(fields, "evicted_keys") ?? 0,
    rdbLastBgsaveStatus: fields.rdb_last_bgsave_status ?? null,
    rdbChangesSinceLastSave: numberField(fields, "rdb_changes_since_last_save"),
    aofEnabled: fields.aof_enabled === "1",
    aofLastWriteStatus: fields.aof_last_write_status ?? null,
    loading: fields.loading === "1",
  };
}

export class RedisProbe {
  readonly #client: Redis;

  constructor(readonly service: string, address: HostPort, password: string, private readonly timeoutMs = 1_500) {
    this.#client = new Redis({
      host: address.host,
      port: address.port,
      username: "default",
      password,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: timeoutMs,
      commandTimeout: timeoutMs,
      retryStrategy: () => 500,
    });
    this.#client.on("error", () => undefined);
  }

  async read(): Promise<RedisSample> {
    try {
      if (this.#client.status === "wait") await this.#client.connect();
      const info = await this.#client.info();
      return { service: this.service, ...redisReading(parseRedisInfo(info)) };
    } catch (error) {
      return { service: this.service, ok: false, error: `INFO: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  close(): void {
    this.#client.disconnect();
  }
}

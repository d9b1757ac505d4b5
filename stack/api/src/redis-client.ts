import { Redis } from "ioredis";
import type { ApiConfig } from "./config.ts";
import { errorMessage, log } from "./log.ts";

export function createRedis(config: ApiConfig, password: string | undefined): Redis {
  const failFast = !config.breakersDisabled;
  const redis = new Redis({
    host: config.redis.host,
    port: config.redis.port,
    username: config.redis.username,
    password,
    connectTimeout: config.redis.connectTimeoutMs,
    // Without these a call made while Redis is away waits in the offline queue for ever; the
    // negative control (BREAKERS_DISABLED) keeps exactly that behaviour.
    ...(failFast
      ? { commandTimeout: config.breakers.redis.callTimeoutMs, maxRetriesPerRequest: 1, enableOfflineQueue: false }
      : { maxRetriesPerRequest: null, enableOfflineQueue: true }),
    retryStrategy: (attempt: number) => Math.min(100 * 2 ** Math.min(attempt, 5), 2_000),
  });
  let wasReady = false;
  redis.on("ready", () => {
    wasReady = true;
    log("info", "redis_ready", { host: config.redis.host, port: config.redis.port });
  });
  redis.on("error", (error: unknown) => {
    // ioredis repeats the error on every reconnect attempt: log the first after each loss only.
    if (wasReady) log("warn", "redis_error", { error: errorMessage(error) });
    wasReady = false;
  });
  return redis;
}

/** Runs a pipeline and surfaces the first connection-level error (ioredis reports those per command). */
export async function execPipeline(pipeline: ReturnType<Redis["pipeline"]>): Promise<unknown[]> {
  const results = await pipeline.exec();
  if (results === null) throw new Error("redis pipeline aborted");
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

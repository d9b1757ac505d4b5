import { Redis } from "ioredis";
import type { CrawlerConfig } from "./config.ts";

export function createRedis(config: CrawlerConfig, password: string | undefined): Redis {
  return new Redis({
    host: config.redis.host,
    port: config.redis.port,
    username: config.redis.username,
    password,
    connectTimeout: config.redis.connectTimeoutMs,
    commandTimeout: config.redis.commandTimeoutMs,
    // Fail fast while Redis is away: the pass loop owns retrying, with its own backoff.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    retryStrategy: (attempt: number) => Math.min(config.backoffBaseMs * 2 ** Math.min(attempt, 10), config.backoffCapMs),
  });
}

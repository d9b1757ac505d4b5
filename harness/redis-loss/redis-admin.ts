// Clients the loss scenarios use: fail fast while Redis is away (no offline queue, no retries), so a
// write's outcome is known at once, and reconnect quickly once it is back.
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";
import { waitUntil } from "../util/wait-until.ts";

export type RedisUser = "admin" | "app";

export function redisCredentials(stack: StartedStack, profile: StackProfile, user: RedisUser): { username: string; password: string } {
  const secret = user === "admin" ? profile.credentials.redisAdminSecret : profile.credentials.redisAppSecret;
  const file = secret ? stack.model.secrets[secret]?.file : undefined;
  if (!secret || !file) throw new Error(`profile ${profile.name} names no ${user} Redis secret with a file`);
  const username = user === "admin" ? "default" : profile.credentials.redisAppUser;
  if (!username) throw new Error(`profile ${profile.name} names no Redis app user`);
  return { username, password: readFileSync(file, "utf8").trim() };
}

export function connectRedis(stack: StartedStack, profile: StackProfile, user: RedisUser, commandTimeoutMs = 1_000): Redis {
  const endpoint = profile.endpoints.redis;
  const { host, port } = stack.address(endpoint.service, endpoint.port);
  const redis = new Redis({
    host,
    port,
    ...redisCredentials(stack, profile, user),
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    connectTimeout: 1_000,
    retryStrategy: () => 50,
    lazyConnect: true,
  });
  // each command reports its own failure; the connection-level repeats are noise
  redis.on("error", () => undefined);
  return redis;
}

/** PONG (not LOADING, not a dropped connection) from this client. */
export async function waitRedisReady(redis: Redis, timeoutMs: number, what = "Redis to answer PING"): Promise<number> {
  if (redis.status === "wait") await redis.connect().catch(() => undefined);
  await waitUntil(async () => (await redis.ping()) === "PONG", { timeoutMs, intervalMs: 50, what });
  return Date.now();
}

// The suite's readers of one started stack's breakers: the api's health endpoint and the Redis store,
// both reached directly (through the suite's access proxy), never through the gateway.
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";
import { readStoredBreakers, type StoredBreakersSnapshot } from "./breaker-store-reader.ts";
import { readHealthBreakers, type PublishedBreakers } from "./health-breakers.ts";

export interface StackBreakerProbes extends AsyncDisposable {
  readonly breakers: readonly string[];
  readHealth(): Promise<PublishedBreakers>;
  readStore(): Promise<StoredBreakersSnapshot>;
  close(): Promise<void>;
}

export function secretOf(stack: StartedStack, name: string): string {
  const file = stack.model.secrets[name]?.file;
  if (file === undefined) throw new Error(`the stack's compose file has no file secret '${name}'`);
  return readFileSync(file, "utf8").trim();
}

export function stackBreakerProbes(stack: StartedStack, profile: StackProfile, opts: { timeoutMs: number }): StackBreakerProbes {
  const { api, redis: redisEndpoint } = profile.endpoints;
  const healthUrl = stack.url(api.service, api.port, api.healthPath);
  const address = stack.address(redisEndpoint.service, redisEndpoint.port);
  const { redisAppUser, redisAppSecret, redisAdminSecret } = profile.credentials;
  const redis = new Redis({
    host: address.host,
    port: address.port,
    ...(redisAppUser === undefined ? {} : { username: redisAppUser }),
    password: secretOf(stack, redisAppSecret ?? redisAdminSecret),
    lazyConnect: true,
    // a read while Redis is away must fail now, not wait in ioredis' offline queue
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: opts.timeoutMs,
    connectTimeout: opts.timeoutMs,
    retryStrategy: () => 200,
  });
  redis.on("error", () => undefined);
  const breakers = profile.breakers.list.map((breaker) => breaker.name);
  const close = async () => {
    redis.disconnect();
  };
  return {
    breakers,
    readHealth: () => readHealthBreakers(healthUrl, opts.timeoutMs),
    async readStore() {
      if (redis.status === "wait") await redis.connect();
      return readStoredBreakers({ mget: (keys) => redis.mget(keys) }, profile.breakers.layout, breakers);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

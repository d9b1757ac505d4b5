import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";

describe("parseConfig", () => {
  it("gives the documented defaults", () => {
    expect(parseConfig({})).toMatchObject({
      port: 8001,
      corpusDir: "/app/corpus",
      cacheDir: "/var/cache/crawler",
      logDir: "/var/log/crawler",
      rescanIntervalMs: 5000,
      backoffBaseMs: 200,
      backoffCapMs: 5000,
      batchSize: 50,
      exitOnRedisLoss: false,
      redis: { host: "redis", port: 6379, username: undefined, passwordFile: undefined },
    });
  });

  it("reads overrides and the negative-control switch", () => {
    const config = parseConfig({ RESCAN_INTERVAL_MS: "250", CACHE_DIR: "/tmp/c", EXIT_ON_REDIS_LOSS: "1", REDIS_USERNAME: "app" });
    expect(config).toMatchObject({ rescanIntervalMs: 250, cacheDir: "/tmp/c", exitOnRedisLoss: true, redis: { username: "app" } });
  });

  it("rejects bad numbers and a cap below the base", () => {
    expect(() => parseConfig({ RESCAN_INTERVAL_MS: "soon" })).toThrow(ConfigError);
    expect(() => parseConfig({ BACKOFF_BASE_MS: "1000", BACKOFF_CAP_MS: "10" })).toThrow(/BACKOFF_CAP_MS must be >= BACKOFF_BASE_MS/);
  });
});

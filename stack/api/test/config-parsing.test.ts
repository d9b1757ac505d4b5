import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../src/config.ts";

describe("parseConfig", () => {
  it("gives the documented defaults for an empty environment", () => {
    const config = parseConfig({});
    expect(config.port).toBe(8000);
    expect(config.redis).toEqual({ host: "redis", port: 6379, username: undefined, passwordFile: undefined, connectTimeoutMs: 1000 });
    expect(config.inferenceUrl).toBe("http://inference:8080");
    expect(config.apiKeyFile).toBe("/run/secrets/api_key");
    expect(config.maxBodyBytes).toBe(16_384);
    expect(config.breakers.redis).toEqual({ name: "redis", failureThreshold: 5, resetTimeoutMs: 5000, callTimeoutMs: 500 });
    expect(config.breakers.inference).toEqual({ name: "inference", failureThreshold: 5, resetTimeoutMs: 10_000, callTimeoutMs: 10_000 });
    expect(config.breakersDisabled).toBe(false);
    expect(config.failOnRedisDown).toBe(false);
  });

  it("reads each breaker's settings from BREAKER_<NAME>_*", () => {
    const config = parseConfig({
      BREAKER_INFERENCE_FAILURE_THRESHOLD: "3",
      BREAKER_INFERENCE_RESET_TIMEOUT_MS: "2500",
      BREAKER_INFERENCE_CALL_TIMEOUT_MS: "800",
      BREAKER_REDIS_FAILURE_THRESHOLD: "2",
    });
    expect(config.breakers.inference).toEqual({ name: "inference", failureThreshold: 3, resetTimeoutMs: 2500, callTimeoutMs: 800 });
    expect(config.breakers.redis.failureThreshold).toBe(2);
  });

  it("treats the negative-control switches as off unless set to a true value", () => {
    expect(parseConfig({ BREAKERS_DISABLED: "0", FAIL_ON_REDIS_DOWN: "false" })).toMatchObject({ breakersDisabled: false, failOnRedisDown: false });
    expect(parseConfig({ BREAKERS_DISABLED: "1", FAIL_ON_REDIS_DOWN: "true" })).toMatchObject({ breakersDisabled: true, failOnRedisDown: true });
  });

  it("strips a trailing slash from INFERENCE_URL", () => {
    expect(parseConfig({ INFERENCE_URL: "http://127.0.0.1:9000/" }).inferenceUrl).toBe("http://127.0.0.1:9000");
  });

  it("rejects every invalid value at once, naming each", () => {
    const attempt = () => parseConfig({ PORT: "http", BREAKER_REDIS_FAILURE_THRESHOLD: "0", INFERENCE_URL: "inference:8080" });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      expect((error as ConfigError).problems).toEqual([
        "INFERENCE_URL=inference:8080 is not an http(s) URL",
        "PORT=http is not an integer",
        "BREAKER_REDIS_FAILURE_THRESHOLD=0 is outside 1..1000",
      ]);
    }
  });
});

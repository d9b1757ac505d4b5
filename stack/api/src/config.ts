// Environment parsing for the api: pure (takes the env as an argument) so every default and every
// rejection is unit-tested; main.ts is the only caller that passes process.env.

import { DEFAULT_INSTRUCTION } from "./prompt.ts";
export type BreakerName = "redis" | "inference";
export const BREAKER_NAMES: readonly BreakerName[] = ["redis", "inference"];

export interface BreakerSettings {
  name: BreakerName;
  /** Consecutive failures (no success in between) that open the breaker. */
  failureThreshold: number;
  resetTimeoutMs: number;
  callTimeoutMs: number;
}

export interface ApiConfig {
  port: number;
  redis: { host: string; port: number; username: string | undefined; passwordFile: string | undefined; connectTimeoutMs: number };
  inferenceUrl: string;
  apiKeyFile: string;
  maxBodyBytes: number;
  maxQueryChars: number;
  promptDocChars: number;
  promptInstruction: string;
  maxTokensLimit: number;
  defaultMaxTokens: number;
  retrievalTopK: number;
  healthProbeTimeoutMs: number;
  streamIdleTimeoutMs: number;
  shutdownGraceMs: number;
  logLevel: "debug" | "info";
  breakers: Record<BreakerName, BreakerSettings>;
  /** Negative control: no breakers and no timeouts, so a dead dependency hangs requests. */
  breakersDisabled: boolean;
  /** Negative control: 500 instead of degrading when Redis is down. */
  failOnRedisDown: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

const BREAKER_DEFAULTS: Record<BreakerName, Omit<BreakerSettings, "name">> = {
  redis: { failureThreshold: 5, resetTimeoutMs: 5_000, callTimeoutMs: 500 },
  inference: { failureThreshold: 5, resetTimeoutMs: 10_000, callTimeoutMs: 10_000 },
};

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: Env) {}

  raw(name: string): string | undefined {
    const value = this.env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  }

  text(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value)) {
      this.problems.push(`${name}=${value} is not an integer`);
      return fallback;
    }
    const parsed = Number(value);
    if (parsed < min || parsed > max) {
      this.problems.push(`${name}=${value} is outside ${min}..${max}`);
      return fallback;
    }
    return parsed;
  }

  flag(name: string): boolean {
    const value = this.raw(name)?.toLowerCase();
    return value !== undefined && value !== "0" && value !== "false" && value !== "no";
  }
}

function breakerSettings(read: Reader, name: BreakerName): BreakerSettings {
  const prefix = `BREAKER_${name.toUpperCase()}_`;
  const d = BREAKER_DEFAULTS[name];
  return {
    name,
    failureThreshold: read.int(`${prefix}FAILURE_THRESHOLD`, d.failureThreshold, 1, 1_000),
    resetTimeoutMs: read.int(`${prefix}RESET_TIMEOUT_MS`, d.resetTimeoutMs, 1, 3_600_000),
    callTimeoutMs: read.int(`${prefix}CALL_TIMEOUT_MS`, d.callTimeoutMs, 1, 600_000),
  };
}

export function parseConfig(env: Env): ApiConfig {
  const read = new Reader(env);
  const inferenceUrl = read.text("INFERENCE_URL", "http://inference:8080").replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(inferenceUrl)) read.problems.push(`INFERENCE_URL=${inferenceUrl} is not an http(s) URL`);
  const logLevel = read.text("LOG_LEVEL", "info");
  if (logLevel !== "debug" && logLevel !== "info") read.problems.push(`LOG_LEVEL=${logLevel} is not debug or info`);
  const maxTokensLimit = read.int("MAX_TOKENS_LIMIT", 1024, 1, 32_768);
  const config: ApiConfig = {
    port: read.int("PORT", 8000, 1, 65_535),
    redis: {
      host: read.text("REDIS_HOST", "redis"),
      port: read.int("REDIS_PORT", 6379, 1, 65_535),
      username: read.raw("REDIS_USERNAME"),
      passwordFile: read.raw("REDIS_PASSWORD_FILE"),
      connectTimeoutMs: read.int("REDIS_CONNECT_TIMEOUT_MS", 1_000, 1, 60_000),
    },
    inferenceUrl,
    apiKeyFile: read.text("API_KEY_FILE", "/run/secrets/api_key"),
    maxBodyBytes: read.int("MAX_BODY_BYTES", 16_384, 64, 10_485_760),
    maxQueryChars: read.int("MAX_QUERY_CHARS", 2_000, 1, 100_000),
    promptDocChars: read.int("PROMPT_DOC_CHARS", 600, 1, 100_000),
    promptInstruction: read.raw("PROMPT_INSTRUCTION") ?? DEFAULT_INSTRUCTION,
    maxTokensLimit,
    defaultMaxTokens: Math.min(read.int("DEFAULT_MAX_TOKENS", 128, 1, 32_768), maxTokensLimit),
    retrievalTopK: read.int("RETRIEVAL_TOP_K", 3, 1, 50),
    healthProbeTimeoutMs: read.int("HEALTH_PROBE_TIMEOUT_MS", 1_000, 1, 60_000),
    streamIdleTimeoutMs: read.int("STREAM_IDLE_TIMEOUT_MS", 10_000, 1, 600_000),
    shutdownGraceMs: read.int("SHUTDOWN_GRACE_MS", 1_200, 0, 1_600),
    logLevel: logLevel === "debug" ? "debug" : "info",
    breakers: { redis: breakerSettings(read, "redis"), inference: breakerSettings(read, "inference") },
    breakersDisabled: read.flag("BREAKERS_DISABLED"),
    failOnRedisDown: read.flag("FAIL_ON_REDIS_DOWN"),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

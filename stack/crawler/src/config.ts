// Environment parsing for the crawler: pure, so defaults and rejections are unit-tested.

export interface CrawlerConfig {
  port: number;
  redis: { host: string; port: number; username: string | undefined; passwordFile: string | undefined; connectTimeoutMs: number; commandTimeoutMs: number };
  corpusDir: string;
  cacheDir: string;
  logDir: string;
  logMaxBytes: number;
  rescanIntervalMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
  batchSize: number;
  /** Used only when CORPUS_DIR has no manifest (a run outside the image). */
  corpusCount: number;
  corpusSeed: number;
  /** Negative control: exit(1) on the first Redis error after Redis had been reachable. */
  exitOnRedisLoss: boolean;
}

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join("; ")}`);
    this.name = "ConfigError";
  }
}

export function parseConfig(env: Env): CrawlerConfig {
  const problems: string[] = [];
  const raw = (name: string) => {
    const value = env[name]?.trim();
    return value === undefined || value === "" ? undefined : value;
  };
  const int = (name: string, fallback: number, min: number, max: number) => {
    const value = raw(name);
    if (value === undefined) return fallback;
    if (!/^-?\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push(`${name}=${value} must be an integer in ${min}..${max}`);
      return fallback;
    }
    return Number(value);
  };
  const flag = (name: string) => {
    const value = raw(name)?.toLowerCase();
    return value !== undefined && value !== "0" && value !== "false" && value !== "no";
  };
  const config: CrawlerConfig = {
    port: int("PORT", 8001, 1, 65_535),
    redis: {
      host: raw("REDIS_HOST") ?? "redis",
      port: int("REDIS_PORT", 6379, 1, 65_535),
      username: raw("REDIS_USERNAME"),
      passwordFile: raw("REDIS_PASSWORD_FILE"),
      connectTimeoutMs: int("REDIS_CONNECT_TIMEOUT_MS", 2_000, 1, 60_000),
      commandTimeoutMs: int("REDIS_COMMAND_TIMEOUT_MS", 2_000, 1, 60_000),
    },
    corpusDir: raw("CORPUS_DIR") ?? "/app/corpus",
    cacheDir: raw("CACHE_DIR") ?? "/var/cache/crawler",
    logDir: raw("LOG_DIR") ?? "/var/log/crawler",
    logMaxBytes: int("LOG_MAX_BYTES", 1_048_576, 1_024, 1_073_741_824),
    rescanIntervalMs: int("RESCAN_INTERVAL_MS", 5_000, 10, 3_600_000),
    backoffBaseMs: int("BACKOFF_BASE_MS", 200, 1, 60_000),
    backoffCapMs: int("BACKOFF_CAP_MS", 5_000, 1, 600_000),
    batchSize: int("INGEST_BATCH_SIZE", 50, 1, 10_000),
    corpusCount: int("CORPUS_COUNT", 300, 1, 100_000),
    corpusSeed: int("CORPUS_SEED", 42, 0, 2 ** 31 - 1),
    exitOnRedisLoss: flag("EXIT_ON_REDIS_LOSS"),
  };
  if (config.backoffCapMs < config.backoffBaseMs) problems.push("BACKOFF_CAP_MS must be >= BACKOFF_BASE_MS");
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

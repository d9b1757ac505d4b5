import type { App } from "./app.ts";
import { BreakerMirror } from "./breaker-mirror.ts";
import { createGuard, createPassThrough, type Guard } from "./breakers.ts";
import { ConfigError, parseConfig, type ApiConfig, type BreakerSettings } from "./config.ts";
import { UpstreamError } from "./errors.ts";
import { errorMessage, log, setLogLevel } from "./log.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { createRedis } from "./redis-client.ts";
import { readSecret } from "./secrets.ts";
import { createApiServer } from "./server.ts";

function loadConfig(): ApiConfig {
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) log("error", "invalid_configuration", { problems: error.problems });
    else log("error", "startup_failed", { error: errorMessage(error) });
    process.exit(1);
  }
}

function loadSecrets(config: ApiConfig): { apiKey: string; redisPassword: string | undefined } {
  try {
    return {
      apiKey: readSecret(config.apiKeyFile, "API key"),
      redisPassword: config.redis.passwordFile ? readSecret(config.redis.passwordFile, "Redis password") : undefined,
    };
  } catch (error) {
    // Fail closed: an api without its key would either reject everyone or accept everyone.
    log("error", "startup_failed", { error: errorMessage(error) });
    process.exit(1);
  }
}

function isRedisDataError(error: unknown): boolean {
  return error instanceof Error && error.name === "ReplyError" && /^WRONGTYPE/.test(error.message);
}

function isCallerError(error: unknown): boolean {
  return error instanceof UpstreamError && error.failure === "client_error";
}

function guard(config: ApiConfig, settings: BreakerSettings, metrics: Metrics, mirror: BreakerMirror, isNotAFailure: (e: unknown) => boolean): Guard {
  if (config.breakersDisabled) return createPassThrough(settings, metrics);
  return createGuard(settings, metrics, { onTransition: (name, snapshot) => mirror.write(name, snapshot), isNotAFailure });
}

function main(): void {
  const config = loadConfig();
  setLogLevel(config.logLevel);
  const { apiKey, redisPassword } = loadSecrets(config);
  const metrics = createMetrics();
  const redis = createRedis(config, redisPassword);
  const mirror = new BreakerMirror(redis, metrics);
  const app: App = {
    config,
    redis,
    guards: {
      redis: guard(config, config.breakers.redis, metrics, mirror, isRedisDataError),
      inference: guard(config, config.breakers.inference, metrics, mirror, isCallerError),
    },
    mirror: config.breakersDisabled ? undefined : mirror,
    metrics,
    apiKey,
    startedAt: Date.now(),
    streams: new Set(),
  };
  if (!config.breakersDisabled) {
    redis.once("ready", () => void mirror.restore([app.guards.redis, app.guards.inference]));
  }

  const server = createApiServer(app);
  server.once("error", (error) => {
    log("error", "listen_failed", { port: config.port, error: errorMessage(error) });
    process.exit(1);
  });
  server.listen(config.port, () => {
    log("info", "listening", {
      port: config.port,
      inference_url: config.inferenceUrl,
      redis: `${config.redis.host}:${config.redis.port}`,
      breakers: config.breakersDisabled ? "disabled" : config.breakers,
      fail_on_redis_down: config.failOnRedisDown,
    });
  });

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log("info", "shutting_down", { signal });
    // The whole sequence must fit in the 2 s a container runtime is promised; the timer is the backstop.
    setTimeout(() => process.exit(0), config.shutdownGraceMs + 300).unref();
    server.close(() => {
      for (const g of Object.values(app.guards)) g.shutdown();
      redis.quit().catch(() => redis.disconnect()).finally(() => process.exit(0));
    });
    server.closeIdleConnections();
    for (const controller of app.streams) controller.abort(new Error("server shutting down"));
    setTimeout(() => server.closeAllConnections(), config.shutdownGraceMs).unref();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

main();

import { Crawler } from "./crawler.ts";
import { ConfigError, parseConfig, type CrawlerConfig } from "./config.ts";
import { corpusChecksum, generateCorpus, type CorpusDoc } from "./corpus.ts";
import { readCorpus } from "./corpus-files.ts";
import { createHealthServer } from "./health-server.ts";
import { errorMessage, log, logFileError, logToFile } from "./log.ts";
import { createMetrics } from "./metrics.ts";
import { healthBody, type Progress } from "./progress.ts";
import { createRedis } from "./redis-client.ts";
import { readSecret } from "./secrets.ts";
import { WorkingCache } from "./working-cache.ts";

function fatal(msg: string, fields: Record<string, unknown>): never {
  log("error", msg, fields);
  process.exit(1);
}

async function loadCorpus(config: CrawlerConfig): Promise<CorpusDoc[]> {
  try {
    const { docs, manifest } = await readCorpus(config.corpusDir);
    log("info", "corpus_loaded", { dir: config.corpusDir, count: docs.length, seed: manifest.seed, checksum: manifest.checksum });
    return docs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") fatal("corpus_invalid", { dir: config.corpusDir, error: errorMessage(error) });
    // Outside the image (a development run) there is no shipped corpus: the generator gives the same one.
    const docs = generateCorpus(config.corpusCount, config.corpusSeed);
    log("warn", "corpus_generated_in_memory", { dir: config.corpusDir, count: docs.length, seed: config.corpusSeed });
    return docs;
  }
}

async function main(): Promise<void> {
  let config: CrawlerConfig;
  try {
    config = parseConfig(process.env);
  } catch (error) {
    fatal("invalid_configuration", { problems: error instanceof ConfigError ? error.problems : [errorMessage(error)] });
  }
  logToFile(config.logDir, config.logMaxBytes);
  let password: string | undefined;
  try {
    password = config.redis.passwordFile ? readSecret(config.redis.passwordFile, "Redis password") : undefined;
  } catch (error) {
    fatal("startup_failed", { error: errorMessage(error) });
  }
  const docs = await loadCorpus(config);
  const cache = new WorkingCache(config.cacheDir);
  await cache.writeParsed(docs);
  if (cache.error) log("error", "cache_dir_unwritable", { dir: config.cacheDir, error: cache.error });

  const progress: Progress = {
    total: docs.length,
    ingested: 0,
    redis: "down",
    passes: 0,
    docsWritten: 0,
    reingested: 0,
    consecutiveFailures: 0,
    lastPassAt: null,
    lastError: null,
    corpusChecksum: corpusChecksum(docs),
  };
  const metrics = createMetrics();
  const redis = createRedis(config, password);
  const stop = new AbortController();
  const crawler = new Crawler({
    config,
    redis,
    docs,
    progress,
    metrics,
    cache,
    stop: stop.signal,
    onRedisLoss: (error) => {
      if (!config.exitOnRedisLoss) return;
      log("error", "exiting_on_redis_loss", { error: errorMessage(error) });
      process.exit(1);
    },
  });

  const server = createHealthServer(metrics, () => healthBody(progress, { cache: cache.error, log: logFileError() }));
  server.once("error", (error) => fatal("listen_failed", { port: config.port, error: errorMessage(error) }));
  server.listen(config.port, () =>
    log("info", "listening", { port: config.port, redis: `${config.redis.host}:${config.redis.port}`, total: docs.length, exit_on_redis_loss: config.exitOnRedisLoss }),
  );

  const shutdown = (signal: string) => {
    if (stop.signal.aborted) return;
    log("info", "shutting_down", { signal });
    stop.abort();
    setTimeout(() => process.exit(0), 1_500).unref();
    server.close();
    server.closeAllConnections();
    redis.disconnect();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));

  await crawler.run();
  process.exit(0);
}

await main();

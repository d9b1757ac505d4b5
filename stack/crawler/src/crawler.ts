// The check-and-repair loop: every pass confirms each document is in Redis and rewrites what is
// missing, so a wiped Redis converges back; a failing pass waits with capped backoff and never exits.
import type { Redis } from "ioredis";
import { setTimeout as sleep } from "node:timers/promises";
import { backoffDelayMs } from "./backoff.ts";
import type { CrawlerConfig } from "./config.ts";
import type { CorpusDoc } from "./corpus.ts";
import { chunk, docsToWrite } from "./ingest-plan.ts";
import { errorMessage, log } from "./log.ts";
import type { Metrics } from "./metrics.ts";
import type { Progress } from "./progress.ts";
import { presentDocs, readMarker, writeDocs, writeMarker } from "./store.ts";
import type { WorkingCache } from "./working-cache.ts";

export interface CrawlerDeps {
  config: CrawlerConfig;
  redis: Redis;
  docs: readonly CorpusDoc[];
  progress: Progress;
  metrics: Metrics;
  cache: WorkingCache;
  /** Aborted on shutdown. */
  stop: AbortSignal;
  /** Called on the first Redis failure after Redis had been reachable (the negative control hooks in here). */
  onRedisLoss: (error: unknown) => void;
}

export class Crawler {
  private wake = new AbortController();
  private redisSeen = false;

  constructor(private readonly d: CrawlerDeps) {
    d.redis.on("ready", () => {
      this.redisSeen = true;
      this.wake.abort();
    });
    d.redis.on("error", (error: unknown) => {
      if (this.redisSeen) d.onRedisLoss(error);
    });
  }

  async run(): Promise<void> {
    const { progress, metrics, config } = this.d;
    metrics.docsTotal.set(progress.total);
    await this.pause(config.redis.connectTimeoutMs, () => this.d.redis.status === "ready");
    while (!this.d.stop.aborted) {
      let waitMs: number;
      try {
        await this.pass();
        progress.consecutiveFailures = 0;
        progress.lastError = null;
        waitMs = config.rescanIntervalMs;
        metrics.backoff.set(0);
      } catch (error) {
        if (this.redisSeen) this.d.onRedisLoss(error);
        progress.redis = "down";
        progress.consecutiveFailures += 1;
        progress.lastError = errorMessage(error);
        metrics.redisUp.set(0);
        metrics.redisErrors.inc();
        waitMs = backoffDelayMs(progress.consecutiveFailures, config.backoffBaseMs, config.backoffCapMs);
        metrics.backoff.set(waitMs / 1000);
        log("warn", "pass_failed", { error: progress.lastError, attempt: progress.consecutiveFailures, retry_in_ms: waitMs });
      }
      await this.d.cache.writeProgress(progress);
      await this.pause(waitMs);
    }
  }

  private async pass(): Promise<void> {
    const { redis, docs, progress, metrics, config } = this.d;
    if (redis.status !== "ready") throw new Error(`redis is not connected (${redis.status})`);
    const marker = await readMarker(redis);
    const markerMatches = marker?.checksum === progress.corpusChecksum;
    const present = await presentDocs(redis, docs, config.batchSize);
    this.markUp();
    let ingested = present.filter(Boolean).length;
    progress.ingested = ingested;
    const toWrite = docsToWrite(docs, present, markerMatches);
    if (toWrite.length > 0) {
      log("info", "ingest_start", { missing: docs.length - ingested, writing: toWrite.length, reindex: !markerMatches, total: docs.length });
    }
    const repairing = progress.passes > 0;
    const missingIds = new Set(docs.filter((_, i) => present[i] !== true).map((d) => d.id));
    for (const batch of chunk(toWrite, config.batchSize)) {
      await writeDocs(redis, batch);
      const newlyPresent = batch.filter((d) => missingIds.has(d.id)).length;
      ingested += newlyPresent;
      progress.ingested = ingested;
      progress.docsWritten += batch.length;
      if (repairing) progress.reingested += batch.length;
      metrics.docsWritten.inc(batch.length);
      metrics.docsPresent.set(ingested);
      log("info", "ingest_progress", { ingested, total: docs.length });
    }
    if (!markerMatches) await writeMarker(redis, { checksum: progress.corpusChecksum, count: docs.length });
    progress.passes += 1;
    progress.lastPassAt = new Date().toISOString();
    metrics.passes.inc();
    metrics.docsPresent.set(progress.ingested);
    if (toWrite.length > 0) log("info", "ingest_done", { ingested: progress.ingested, total: docs.length, pass: progress.passes });
  }

  private markUp(): void {
    if (this.d.progress.redis === "down") log("info", "redis_up", {});
    this.d.progress.redis = "up";
    this.d.metrics.redisUp.set(1);
  }

  /** Sleeps, but wakes as soon as Redis reconnects or shutdown begins (at once if `done()` already holds). */
  private async pause(ms: number, done: () => boolean = () => false): Promise<void> {
    if (this.wake.signal.aborted) this.wake = new AbortController();
    if (done()) return;
    const signal = AbortSignal.any([this.wake.signal, this.d.stop]);
    await sleep(ms, undefined, { signal }).catch(() => undefined);
    if (this.wake.signal.aborted) this.wake = new AbortController();
  }
}

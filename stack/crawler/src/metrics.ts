import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    docsTotal: new Gauge({ name: "crawler_docs_total", help: "Documents in the corpus", registers }),
    docsPresent: new Gauge({ name: "crawler_docs_present", help: "Documents confirmed present in Redis", registers }),
    redisUp: new Gauge({ name: "crawler_redis_up", help: "1 when the last Redis operation succeeded", registers }),
    passes: new Counter({ name: "crawler_passes_total", help: "Completed check-and-repair passes", registers }),
    docsWritten: new Counter({ name: "crawler_docs_written_total", help: "Document writes (first ingest and re-ingests)", registers }),
    redisErrors: new Counter({ name: "crawler_redis_errors_total", help: "Passes that failed on a Redis error", registers }),
    backoff: new Gauge({ name: "crawler_backoff_seconds", help: "Current wait before the next attempt after a failure", registers }),
  };
}

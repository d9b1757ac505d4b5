// The crawler's observable state: what /health reports and the working cache records.
export interface Progress {
  total: number;
  ingested: number;
  redis: "up" | "down";
  passes: number;
  docsWritten: number;
  reingested: number;
  consecutiveFailures: number;
  lastPassAt: string | null;
  lastError: string | null;
  corpusChecksum: string;
}

export type CrawlerStatus = "ready" | "ingesting" | "degraded";

/** An unwritable cache or log dir (a tmpfs permission bug) is degraded too: the crawler works, the stack is wrong. */
export function crawlerStatus(p: Readonly<Progress>, dirsWritable = true): CrawlerStatus {
  if (p.redis === "down" || !dirsWritable) return "degraded";
  return p.passes > 0 && p.ingested === p.total ? "ready" : "ingesting";
}

export function healthBody(p: Readonly<Progress>, dirs: { cache: string | undefined; log: string | undefined }) {
  return {
    status: crawlerStatus(p, dirs.cache === undefined && dirs.log === undefined),
    ingested: p.ingested,
    total: p.total,
    redis: p.redis,
    passes: p.passes,
    docs_written: p.docsWritten,
    reingested: p.reingested,
    consecutive_failures: p.consecutiveFailures,
    last_pass_at: p.lastPassAt,
    last_error: p.lastError,
    corpus_checksum: p.corpusChecksum,
    cache_dir: dirs.cache === undefined ? "ok" : `unwritable: ${dirs.cache}`,
    log_dir: dirs.log === undefined ? "ok" : `unwritable: ${dirs.log}`,
  };
}

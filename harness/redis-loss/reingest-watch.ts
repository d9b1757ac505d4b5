// Watching a crawler re-ingest into a wiped Redis: its own count (/health `ingested`) and the documents
// really there (SCAN), sampled together; converged when both are back to the corpus size.
import type { Redis } from "ioredis";
import { readBackIds } from "./acked-writer.ts";

// The reference crawler's document keys; a target whose crawler names them otherwise passes its own.
export const defaultDocKeyPrefix = "doc:";

export interface CrawlerSample {
  atMs: number;
  ingested: number | null;
  total: number | null;
  passes: number | null;
  reingested: number | null;
  status: string | null;
  /** doc keys found by SCAN; null when Redis did not answer. */
  docKeys: number | null;
}

export async function sampleCrawler(healthUrl: string, redis: Redis, docKeyPrefix: string, timeoutMs: number): Promise<CrawlerSample> {
  const atMs = Date.now();
  const [health, docKeys] = await Promise.all([
    fetch(healthUrl, { signal: AbortSignal.timeout(timeoutMs) })
      .then((r) => r.json() as Promise<{ ingested?: number; total?: number; passes?: number; reingested?: number; status?: string }>)
      .catch(() => ({}) as Record<string, undefined>),
    readBackIds(redis, docKeyPrefix).then((ids) => ids.length, () => null),
  ]);
  return { atMs, ingested: health.ingested ?? null, total: health.total ?? null, passes: health.passes ?? null, reingested: health.reingested ?? null, status: health.status ?? null, docKeys };
}

export interface Convergence {
  /** The wipe was seen: a sample after it with fewer documents than the corpus (or none readable). */
  wipeSeen: boolean;
  convergedAtMs: number | null;
  /** Wipe to convergence. */
  reingestMs: number | null;
}

/** Pure, so a series that never converges can be shown to fail. */
export function reingestConvergence(samples: readonly CrawlerSample[], wipeAtMs: number, total: number): Convergence {
  const after = samples.filter((s) => s.atMs >= wipeAtMs);
  const firstDrop = after.findIndex((s) => s.docKeys === null || s.docKeys < total || (s.ingested !== null && s.ingested < total));
  if (firstDrop < 0) return { wipeSeen: false, convergedAtMs: null, reingestMs: null };
  const back = after.slice(firstDrop).find((s) => s.docKeys === total && s.ingested === total);
  return { wipeSeen: true, convergedAtMs: back?.atMs ?? null, reingestMs: back ? back.atMs - wipeAtMs : null };
}

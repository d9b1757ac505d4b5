// What the api shows while Redis comes and goes: its /health polled on a fixed cadence, and a small
// steady query load through the gateway. Both are bounded in count and stop when told.
import { waitUntil } from "../util/wait-until.ts";

export interface HealthSample {
  atMs: number;
  httpStatus: number | null;
  status: string | null;
  redisStatus: string | null;
  redisBreaker: string | null;
  inferenceBreaker: string | null;
}

export interface QuerySample {
  atMs: number;
  latencyMs: number;
  httpStatus: number | null;
  degraded: boolean | null;
  errorCode: string | null;
}

interface HealthBody {
  status?: string;
  dependencies?: { redis?: { status?: string; breaker?: string }; inference?: { breaker?: string } };
}

export async function sampleHealth(url: string, timeoutMs: number): Promise<HealthSample> {
  const atMs = Date.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await res.json().catch(() => ({}))) as HealthBody;
    return {
      atMs,
      httpStatus: res.status,
      status: body.status ?? null,
      redisStatus: body.dependencies?.redis?.status ?? null,
      redisBreaker: body.dependencies?.redis?.breaker ?? null,
      inferenceBreaker: body.dependencies?.inference?.breaker ?? null,
    };
  } catch {
    return { atMs, httpStatus: null, status: null, redisStatus: null, redisBreaker: null, inferenceBreaker: null };
  }
}

export async function sendQuery(url: string, apiKey: string, query: string, timeoutMs: number): Promise<QuerySample> {
  const atMs = Date.now();
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": apiKey },
      body: JSON.stringify({ query, max_tokens: 4 }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = (await res.json().catch(() => ({}))) as { degraded?: boolean; error_code?: string };
    return { atMs, latencyMs: Date.now() - atMs, httpStatus: res.status, degraded: body.degraded ?? null, errorCode: body.error_code ?? null };
  } catch (error) {
    return { atMs, latencyMs: Date.now() - atMs, httpStatus: null, degraded: null, errorCode: (error as Error).name };
  }
}

/** Runs `probe` every `intervalMs` until `stop()` is called or `maxSamples` is reached. */
export function observe<T>(probe: () => Promise<T>, intervalMs: number, maxSamples: number): { samples: T[]; stop: () => Promise<T[]> } {
  const samples: T[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped && samples.length < maxSamples) {
      const due = Date.now() + intervalMs;
      samples.push(await probe());
      const wait = due - Date.now();
      if (wait > 0 && !stopped) await new Promise((r) => setTimeout(r, wait));
    }
  })();
  return {
    samples,
    stop: async () => {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

/** Waits for a sample (taken after `sinceMs`) that satisfies `predicate`; returns its time. */
export async function awaitSample<T extends { atMs: number }>(samples: readonly T[], sinceMs: number, predicate: (s: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  return waitUntil(() => samples.find((s) => s.atMs >= sinceMs && predicate(s)), { timeoutMs, intervalMs: 50, what });
}

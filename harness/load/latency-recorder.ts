import { build, type Histogram } from "hdr-histogram-js";
import { countError, emptyErrorCounts, type ErrorCounts, type RequestError } from "./request-error.ts";

export interface LatencySummary {
  count: number;
  minMs: number | null;
  meanMs: number | null;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export interface LatencyWindow {
  /** Window bounds on the caller's clock (epoch ms), by the time each request was (meant to be) sent. */
  startMs: number;
  endMs: number;
  count: number;
  errors: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
}

export interface LatencyBucket {
  fromUs: number;
  toUs: number;
  count: number;
}

export interface LatencyRecorderOptions {
  windowMs?: number;
  /** Start of the first window; by default the first recorded time, aligned down to windowMs. */
  originMs?: number;
}

interface Window {
  histogram: Histogram;
  errors: number;
}

// one hour in microseconds: anything slower is a hang, and is clamped rather than dropped
const highestTrackableUs = 3_600_000_000;
const bucketsPerDecade = 10;

function newHistogram(digits: 2 | 3): Histogram {
  return build({
    bitBucketSize: 32,
    autoResize: false,
    lowestDiscernibleValue: 1,
    highestTrackableValue: highestTrackableUs,
    numberOfSignificantValueDigits: digits,
    useWebAssembly: false,
  });
}

function toRecordable(latencyUs: number): number {
  if (!Number.isFinite(latencyUs) || latencyUs < 0) throw new RangeError(`latency must be a finite non-negative number of µs, got ${latencyUs}`);
  return Math.min(highestTrackableUs, Math.max(1, Math.round(latencyUs)));
}

function summarise(histogram: Histogram): LatencySummary {
  const count = histogram.totalCount;
  if (count === 0) return { count, minMs: null, meanMs: null, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null };
  const ms = (us: number): number => us / 1000;
  return {
    count,
    minMs: ms(histogram.minNonZeroValue),
    meanMs: ms(histogram.mean),
    p50Ms: ms(histogram.getValueAtPercentile(50)),
    p95Ms: ms(histogram.getValueAtPercentile(95)),
    p99Ms: ms(histogram.getValueAtPercentile(99)),
    maxMs: ms(histogram.maxValue),
  };
}

/**
 * Every response time of a load run, in microseconds, in an HDR histogram; errors are counted by kind
 * beside it (error responses get a histogram of their own: a breaker's fast failures are errors whose
 * latency matters).
 */
export class LatencyRecorder {
  readonly #windowMs: number;
  #originMs: number | undefined;
  readonly #latency = newHistogram(3);
  readonly #errorLatency = newHistogram(3);
  readonly #errors: ErrorCounts = emptyErrorCounts();
  readonly #windows = new Map<number, Window>();
  readonly #logBuckets = new Map<number, number>();

  constructor(options: LatencyRecorderOptions = {}) {
    this.#windowMs = options.windowMs ?? 500;
    if (!(this.#windowMs > 0)) throw new RangeError(`windowMs must be > 0, got ${this.#windowMs}`);
    this.#originMs = options.originMs;
  }

  /** @param sentAtMs when the request was sent, or for open-loop load when it was scheduled to be sent */
  recordSuccess(latencyUs: number, sentAtMs: number): void {
    const value = toRecordable(latencyUs);
    this.#latency.recordValue(value);
    this.#window(sentAtMs).histogram.recordValue(value);
    const bucket = Math.floor(Math.log10(value) * bucketsPerDecade);
    this.#logBuckets.set(bucket, (this.#logBuckets.get(bucket) ?? 0) + 1);
  }

  recordError(error: RequestError, sentAtMs: number, latencyUs?: number): void {
    countError(this.#errors, error);
    this.#window(sentAtMs).errors += 1;
    if (latencyUs !== undefined && error.kind === "status") this.#errorLatency.recordValue(toRecordable(latencyUs));
  }

  get count(): number {
    return this.#latency.totalCount;
  }

  summary(): LatencySummary {
    return summarise(this.#latency);
  }

  /** Latency of error responses (status errors only; timeouts and connection errors have none). */
  errorLatencySummary(): LatencySummary {
    return summarise(this.#errorLatency);
  }

  percentileMs(percentile: number): number | null {
    return this.#latency.totalCount === 0 ? null : this.#latency.getValueAtPercentile(percentile) / 1000;
  }

  errors(): ErrorCounts {
    return structuredClone(this.#errors);
  }

  /** Contiguous windows from the first to the last one that saw a request; empty windows included. */
  series(): LatencyWindow[] {
    if (this.#windows.size === 0 || this.#originMs === undefined) return [];
    const indexes = [...this.#windows.keys()];
    const first = Math.min(...indexes);
    const last = Math.max(...indexes);
    const series: LatencyWindow[] = [];
    for (let index = first; index <= last; index += 1) {
      const startMs = this.#originMs + index * this.#windowMs;
      const window = this.#windows.get(index);
      const histogram = window?.histogram;
      const summary = histogram === undefined ? undefined : summarise(histogram);
      series.push({
        startMs,
        endMs: startMs + this.#windowMs,
        count: summary?.count ?? 0,
        errors: window?.errors ?? 0,
        p50Ms: summary?.p50Ms ?? null,
        p95Ms: summary?.p95Ms ?? null,
        p99Ms: summary?.p99Ms ?? null,
      });
    }
    return series;
  }

  /** Successful latencies in log-spaced buckets (ten per decade), for a histogram plot. */
  distribution(): LatencyBucket[] {
    return [...this.#logBuckets.entries()]
      .sort(([a], [b]) => a - b)
      .map(([bucket, count]) => ({
        fromUs: 10 ** (bucket / bucketsPerDecade),
        toUs: 10 ** ((bucket + 1) / bucketsPerDecade),
        count,
      }));
  }

  #window(atMs: number): Window {
    if (this.#originMs === undefined) this.#originMs = Math.floor(atMs / this.#windowMs) * this.#windowMs;
    const index = Math.floor((atMs - this.#originMs) / this.#windowMs);
    let window = this.#windows.get(index);
    if (window === undefined) {
      window = { histogram: newHistogram(2), errors: 0 };
      this.#windows.set(index, window);
    }
    return window;
  }
}

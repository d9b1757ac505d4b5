// How a breaker decides to open, kept apart from opossum so "opens after exactly N failures" is a
// tested property: opossum's own percentage trip is disabled and this counter calls open() instead.
import type { BreakerSettings } from "./config.ts";

export type BreakerStateName = "closed" | "half-open" | "open";

export const STATE_GAUGE_VALUE: Record<BreakerStateName, number> = { closed: 0, "half-open": 1, open: 2 };

/** Options handed to `new CircuitBreaker(action, options)` (opossum 9); plain data, no import. */
export interface OpossumOptions {
  name: string;
  timeout: number;
  resetTimeout: number;
  /** errorRate must be strictly greater than this to trip: 100 can never be exceeded. */
  errorThresholdPercentage: number;
  volumeThreshold: number;
  rollingCountTimeout: number;
  rollingCountBuckets: number;
  allowWarmUp: boolean;
}

export function opossumOptions(settings: BreakerSettings): OpossumOptions {
  return {
    name: settings.name,
    timeout: settings.callTimeoutMs,
    resetTimeout: settings.resetTimeoutMs,
    errorThresholdPercentage: 100,
    volumeThreshold: Number.MAX_SAFE_INTEGER,
    rollingCountTimeout: 10_000,
    rollingCountBuckets: 10,
    allowWarmUp: false,
  };
}

export interface BreakerSnapshot {
  state: BreakerStateName;
  /** Consecutive failures since the last success: the number compared with the threshold. */
  failureCount: number;
  lastFailureTime: number | null;
  openedAt: number | null;
  updatedAt: number;
  failuresTotal: number;
  successesTotal: number;
  fastFailsTotal: number;
}

/** Bookkeeping for one breaker; the opossum glue feeds it events and obeys `recordFailure`'s verdict. */
export class BreakerTracker {
  private snap: BreakerSnapshot;

  constructor(readonly threshold: number, now: number) {
    this.snap = {
      state: "closed",
      failureCount: 0,
      lastFailureTime: null,
      openedAt: null,
      updatedAt: now,
      failuresTotal: 0,
      successesTotal: 0,
      fastFailsTotal: 0,
    };
  }

  get snapshot(): Readonly<BreakerSnapshot> {
    return this.snap;
  }

  recordSuccess(): void {
    this.snap.failureCount = 0;
    this.snap.successesTotal += 1;
  }

  /** Returns true when this failure must open the breaker. */
  recordFailure(now: number): boolean {
    this.snap.failureCount += 1;
    this.snap.failuresTotal += 1;
    this.snap.lastFailureTime = now;
    return this.snap.state === "closed" && this.snap.failureCount >= this.threshold;
  }

  recordFastFail(): void {
    this.snap.fastFailsTotal += 1;
  }

  /** `openedAt` differs from `now` only when a persisted open state is restored. */
  transition(state: BreakerStateName, now: number, openedAt: number = now): void {
    if (state === "open" && this.snap.state !== "open") this.snap.openedAt = openedAt;
    if (state === "closed") {
      this.snap.openedAt = null;
      this.snap.failureCount = 0;
    }
    this.snap.state = state;
    this.snap.updatedAt = now;
  }

  /** Adopts persisted counters (restore at start) without touching local totals. */
  adopt(fields: { failureCount: number; lastFailureTime: number | null; openedAt: number | null }): void {
    this.snap.failureCount = fields.failureCount;
    this.snap.lastFailureTime = fields.lastFailureTime;
    this.snap.openedAt = fields.openedAt;
  }

  /** Seconds a client should wait before retrying while the breaker rejects calls. */
  retryAfterS(now: number, resetTimeoutMs: number): number {
    if (this.snap.state !== "open" || this.snap.openedAt === null) return 1;
    return Math.max(1, Math.ceil((this.snap.openedAt + resetTimeoutMs - now) / 1000));
  }
}

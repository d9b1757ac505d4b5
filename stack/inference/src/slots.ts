import { OverloadedError } from "./errors.ts";

export interface Lease<T> {
  readonly slot: T;
  readonly index: number;
  readonly queuedMs: number;
  /** Idempotent; hands the slot straight to the oldest waiter, if any. */
  release(): void;
}

export interface SlotPoolOptions {
  /** Maximum waiting requests; `Infinity` disables the bound (the deliberately broken variant). */
  readonly queueMax: number;
  readonly now?: () => number;
  /** Seed for the service-time estimate behind Retry-After, before any request has finished. */
  readonly initialServiceMs?: number;
}

export interface SlotPoolStats {
  readonly size: number;
  readonly busy: number;
  readonly queued: number;
  readonly rejected: number;
}

interface Waiter<T> {
  readonly enqueuedAt: number;
  readonly resolve: (lease: Lease<T>) => void;
  readonly detach: () => void;
}

const SERVICE_EWMA_WEIGHT = 0.2;

/** Bounded parallel slots plus a bounded FIFO queue; overflow is rejected at once with OverloadedError. */
export class SlotPool<T> {
  private readonly slots: readonly T[];
  private readonly free: number[];
  private readonly waiters: Waiter<T>[] = [];
  private readonly queueMax: number;
  private readonly now: () => number;
  private serviceMs: number;
  private rejectedCount = 0;

  constructor(slots: readonly T[], options: SlotPoolOptions) {
    if (slots.length === 0) throw new Error("SlotPool needs at least one slot");
    if (!(options.queueMax >= 0)) throw new Error(`queueMax must be >= 0, got ${options.queueMax}`);
    this.slots = slots;
    this.free = slots.map((_, i) => slots.length - 1 - i);
    this.queueMax = options.queueMax;
    this.now = options.now ?? (() => performance.now());
    this.serviceMs = options.initialServiceMs ?? 1000;
  }

  stats(): SlotPoolStats {
    return {
      size: this.slots.length,
      busy: this.slots.length - this.free.length,
      queued: this.waiters.length,
      rejected: this.rejectedCount,
    };
  }

  /** Seconds until a slot is likely free for a newcomer: the queue ahead drained at the observed pace. */
  retryAfterSeconds(): number {
    const rounds = (this.waiters.length + 1) / this.slots.length;
    return Math.max(1, Math.ceil((rounds * this.serviceMs) / 1000));
  }

  acquire(signal?: AbortSignal): Promise<Lease<T>> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    const requestedAt = this.now();
    const index = this.free.pop();
    if (index !== undefined) return Promise.resolve(this.lease(index, requestedAt));
    if (this.waiters.length >= this.queueMax) {
      this.rejectedCount++;
      return Promise.reject(new OverloadedError(this.retryAfterSeconds(), this.waiters.length, this.queueMax));
    }
    return new Promise<Lease<T>>((resolve, reject) => {
      const onAbort = (): void => {
        const at = this.waiters.indexOf(waiter);
        if (at >= 0) this.waiters.splice(at, 1);
        reject(signal?.reason);
      };
      const waiter: Waiter<T> = {
        enqueuedAt: requestedAt,
        resolve,
        detach: () => signal?.removeEventListener("abort", onAbort),
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private lease(index: number, requestedAt: number): Lease<T> {
    const grantedAt = this.now();
    let released = false;
    return {
      slot: this.slots[index]!,
      index,
      queuedMs: grantedAt - requestedAt,
      release: () => {
        if (released) return;
        released = true;
        this.serviceMs += SERVICE_EWMA_WEIGHT * (this.now() - grantedAt - this.serviceMs);
        const next = this.waiters.shift();
        if (next === undefined) {
          this.free.push(index);
          return;
        }
        next.detach();
        next.resolve(this.lease(index, next.enqueuedAt));
      },
    };
  }
}

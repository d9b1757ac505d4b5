import { describe, expect, test } from "vitest";
import { OverloadedError, toErrorResponse } from "../src/errors.ts";
import { SlotPool } from "../src/slots.ts";

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 0;
  return { now: () => t, advance: (ms) => void (t += ms) };
}

describe("slots and bounded queue", () => {
  test("grants free slots, queues up to queueMax, rejects overflow with 503 + Retry-After", async () => {
    const pool = new SlotPool(["s0", "s1"], { queueMax: 1 });
    const a = await pool.acquire();
    const b = await pool.acquire();
    expect([a.slot, b.slot].sort()).toEqual(["s0", "s1"]);
    const queued = pool.acquire();
    expect(pool.stats()).toEqual({ size: 2, busy: 2, queued: 1, rejected: 0 });

    const overflow = await pool.acquire().catch((err: unknown) => err);
    expect(overflow).toBeInstanceOf(OverloadedError);
    const response = toErrorResponse(overflow);
    expect(response.status).toBe(503);
    expect(Number(response.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    expect(response.body.error).toBe("overloaded");
    expect(pool.stats().rejected).toBe(1);

    a.release();
    a.release();
    const c = await queued;
    expect(c.slot).toBe(a.slot);
    expect(pool.stats()).toEqual({ size: 2, busy: 2, queued: 0, rejected: 1 });
    b.release();
    c.release();
    expect(pool.stats().busy).toBe(0);
  });

  test("serves waiters first-in first-out and reports their wait", async () => {
    const time = clock();
    const pool = new SlotPool([0], { queueMax: 5, now: time.now });
    const first = await pool.acquire();
    const order: string[] = [];
    const second = pool.acquire().then((l) => (order.push("second"), l));
    const third = pool.acquire().then((l) => (order.push("third"), l));
    time.advance(40);
    first.release();
    const s = await second;
    expect(s.queuedMs).toBe(40);
    s.release();
    (await third).release();
    expect(order).toEqual(["second", "third"]);
  });

  test("an aborted waiter leaves the queue with the abort reason", async () => {
    const pool = new SlotPool([0], { queueMax: 1 });
    const held = await pool.acquire();
    const ctrl = new AbortController();
    const waiting = pool.acquire(ctrl.signal);
    ctrl.abort(new Error("deadline"));
    await expect(waiting).rejects.toThrow("deadline");
    expect(pool.stats().queued).toBe(0);
    await expect(pool.acquire(ctrl.signal)).rejects.toThrow("deadline");
    held.release();
    expect(pool.stats().busy).toBe(0);
  });

  test("queueMax 0 rejects as soon as slots are busy; Infinity never rejects", async () => {
    const strict = new SlotPool([0], { queueMax: 0 });
    await strict.acquire();
    await expect(strict.acquire()).rejects.toBeInstanceOf(OverloadedError);

    const unbounded = new SlotPool([0], { queueMax: Number.POSITIVE_INFINITY });
    await unbounded.acquire();
    for (let i = 0; i < 1000; i++) void unbounded.acquire();
    expect(unbounded.stats()).toMatchObject({ queued: 1000, rejected: 0 });
  });

  test("Retry-After grows with the queue and the observed service time", async () => {
    const time = clock();
    const pool = new SlotPool([0], { queueMax: 10, now: time.now, initialServiceMs: 2000 });
    expect(pool.retryAfterSeconds()).toBe(2);
    const held = await pool.acquire();
    for (let i = 0; i < 3; i++) void pool.acquire();
    expect(pool.retryAfterSeconds()).toBe(8);
    time.advance(100);
    held.release();
    expect(pool.retryAfterSeconds()).toBeLessThan(8);
  });
});

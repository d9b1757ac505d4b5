import { describe, expect, it } from "vitest";
import { runLoad } from "./run-load.ts";
import { startServiceTimeServer } from "./service-time-server.ts";

const serviceTimeMs = 20;

function nonEmptyP50s(series: { count: number; p50Ms: number | null }[]): number[] {
  return series.filter((window) => window.count > 0).map((window) => window.p50Ms ?? 0);
}

describe("runLoad against a server with a known 20 ms service time, one request at a time", () => {
  it("measures ~20 ms at p50 in closed loop with one connection and in open loop below capacity", async () => {
    await using server = await startServiceTimeServer({ serviceTimeMs });
    const closed = await runLoad({ target: { url: server.url }, mode: { kind: "closed", connections: 1, amount: 40 }, timeoutMs: 5_000 });
    const open = await runLoad({ target: { url: server.url }, mode: { kind: "open", ratePerSec: 10, amount: 15 }, timeoutMs: 5_000 });
    console.info(`20 ms server p50: closed ${closed.latency.p50Ms} ms, open@10/s ${open.latency.p50Ms} ms`);
    expect(closed.latency.count).toBe(40);
    expect(closed.errors.total).toBe(0);
    expect(closed.latency.p50Ms).toBeGreaterThanOrEqual(serviceTimeMs - 1);
    expect(closed.latency.p50Ms).toBeLessThan(serviceTimeMs * 3);
    expect(open.latency.count).toBe(15);
    expect(open.latency.p50Ms).toBeGreaterThanOrEqual(serviceTimeMs - 1);
    expect(open.latency.p50Ms).toBeLessThan(serviceTimeMs * 3);
  });

  it("shows queueing in open loop above capacity, where closed loop keeps reporting the service time", async () => {
    await using server = await startServiceTimeServer({ serviceTimeMs });
    // capacity is 50 requests/s; offer twice that for 1.5 s
    const open = await runLoad({
      target: { url: server.url },
      mode: { kind: "open", ratePerSec: 100, durationMs: 1_500 },
      timeoutMs: 10_000,
    });
    const closed = await runLoad({
      target: { url: server.url },
      mode: { kind: "closed", connections: 2, durationMs: 1_000 },
      timeoutMs: 10_000,
    });
    const openP50s = nonEmptyP50s(open.series);
    const closedP50s = nonEmptyP50s(closed.series);
    console.info(
      `open@100/s: p50 ${open.latency.p50Ms} p99 ${open.latency.p99Ms} ms, windows p50 ${openP50s.join(", ")}; ` +
        `closed(2 conns): p50 ${closed.latency.p50Ms} p99 ${closed.latency.p99Ms} ms, windows p50 ${closedP50s.join(", ")}`,
    );

    expect(open.latency.count).toBe(150);
    expect(open.errors.total).toBe(0);
    // the last request is due at 1.49 s and served at ~3 s: ~1.5 s of queueing
    expect(open.latency.p99Ms).toBeGreaterThan(750);
    expect(open.latency.p50Ms).toBeGreaterThan(closed.latency.p50Ms! * 5);
    expect(openP50s.at(-1)!).toBeGreaterThan(openP50s[0]! * 3);

    expect(closed.latency.p99Ms).toBeLessThan(250);
    expect(Math.max(...closedP50s)).toBeLessThan(serviceTimeMs * 2 * 3);
  });
});

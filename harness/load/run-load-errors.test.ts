import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { runLoad } from "./run-load.ts";
import { startServiceTimeServer } from "./service-time-server.ts";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("runLoad errors", () => {
  it.each(["closed", "open"] as const)("%s loop: counts 503s as status errors, apart from latency", async (kind) => {
    await using server = await startServiceTimeServer({ serviceTimeMs: 1, status: 503, concurrency: 4 });
    const mode = kind === "closed" ? { kind, connections: 2, amount: 20 } : { kind, ratePerSec: 200, amount: 20 };
    const result = await runLoad({ target: { url: server.url }, mode, timeoutMs: 2_000 });
    expect(result.latency.count).toBe(0);
    expect(result.errors).toMatchObject({ total: 20, byStatus: { "503": 20 } });
    expect(result.errorLatency.count).toBe(20);
    expect(result.series.reduce((sum, window) => sum + window.errors, 0)).toBe(20);
  });

  it("treats a status as success when the caller says so", async () => {
    await using server = await startServiceTimeServer({ serviceTimeMs: 1, status: 503 });
    const result = await runLoad({
      target: { url: server.url },
      mode: { kind: "open", ratePerSec: 100, amount: 5 },
      timeoutMs: 2_000,
      isSuccessStatus: (status) => status === 503,
    });
    expect(result.latency.count).toBe(5);
  });

  it("open loop: counts refused connections and timeouts by kind", async () => {
    const refused = await runLoad({
      target: { url: `http://127.0.0.1:${await freePort()}/` },
      mode: { kind: "open", ratePerSec: 100, amount: 5 },
      timeoutMs: 1_000,
    });
    expect(refused.errors).toMatchObject({ total: 5, connection: 5, byConnectionCode: { ECONNREFUSED: 5 } });

    await using slow = await startServiceTimeServer({ serviceTimeMs: 2_000, concurrency: 10 });
    const timedOut = await runLoad({ target: { url: slow.url }, mode: { kind: "open", ratePerSec: 100, amount: 3 }, timeoutMs: 200 });
    expect(timedOut.errors).toMatchObject({ total: 3, timeout: 3 });
    expect(timedOut.latency.count).toBe(0);
  });

  it("closed loop: counts timeouts and stays bounded", async () => {
    await using slow = await startServiceTimeServer({ serviceTimeMs: 5_000, concurrency: 10 });
    const result = await runLoad({ target: { url: slow.url }, mode: { kind: "closed", connections: 1, durationMs: 2_000 }, timeoutMs: 1_000 });
    expect(result.latency.count).toBe(0);
    expect(result.errors.timeout).toBeGreaterThanOrEqual(1);
    expect(result.errors.total).toBe(result.errors.timeout);
    expect(result.finishedAtMs - result.startedAtMs).toBeLessThan(5_000);
  });

  it("closed loop: refuses a timeout below autocannon's 1 s minimum instead of stretching it", async () => {
    await expect(
      runLoad({ target: { url: "http://127.0.0.1:1/" }, mode: { kind: "closed", connections: 1, amount: 1 }, timeoutMs: 300 }),
    ).rejects.toThrow(/>= 1000/);
  });

  it("sends the configured method, JSON body and api key in both modes", async () => {
    const seen: Array<{ method?: string; key?: string | string[]; type?: string; body: string }> = [];
    const server = createServer((req: IncomingMessage, res) => {
      let body = "";
      req.on("data", (chunk: Buffer) => (body += chunk.toString()));
      req.on("end", () => {
        seen.push({ method: req.method, key: req.headers["x-api-key"], type: req.headers["content-type"], body });
        res.end("ok");
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/generate`;
    const target = { url, body: { prompt: "ping" }, apiKey: { header: "X-API-Key", value: "k1" } };
    try {
      await runLoad({ target, mode: { kind: "closed", connections: 1, amount: 2 }, timeoutMs: 2_000 });
      await runLoad({ target, mode: { kind: "open", ratePerSec: 50, amount: 2 }, timeoutMs: 2_000 });
    } finally {
      server.closeAllConnections();
      server.close();
    }
    expect(seen).toHaveLength(4);
    for (const request of seen) {
      expect(request).toEqual({ method: "POST", key: "k1", type: "application/json", body: '{"prompt":"ping"}' });
    }
  });

  it("refuses unbounded load", async () => {
    await expect(runLoad({ target: { url: "http://127.0.0.1:1/" }, mode: { kind: "open", ratePerSec: 10 }, timeoutMs: 1_000 })).rejects.toThrow(/bounded/);
    await expect(runLoad({ target: { url: "http://127.0.0.1:1/" }, mode: { kind: "closed", connections: 1 }, timeoutMs: 1_000 })).rejects.toThrow(/bounded/);
  });
});

import { describe, expect } from "vitest";
import { api, test } from "./fixtures.js";

describe("slow_close and slicer toxics", () => {
  test("slow_close delays the close but not the data", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "slow_close", attributes: { delay: 300 } });
    const client = await clients(echoProxyPort);
    const startedAt = performance.now();
    client.socket.end("bye");
    await client.receive(3);
    expect(performance.now() - startedAt).toBeLessThan(250);
    await client.ended;
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(280);
  });

  test("slicer splits data into small delayed pieces", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", {
      type: "slicer",
      attributes: { average_size: 10, size_variation: 0, delay: 10_000 },
    });
    const client = await clients(echoProxyPort);
    const pieces: number[] = [];
    client.socket.on("data", (chunk: Buffer) => pieces.push(chunk.length));
    const startedAt = performance.now();
    client.socket.write("x".repeat(100));
    await client.receive(100);
    expect(pieces.length).toBeGreaterThanOrEqual(5);
    expect(Math.max(...pieces)).toBeLessThanOrEqual(20);
    expect(performance.now() - startedAt).toBeGreaterThanOrEqual(85);
  });
});

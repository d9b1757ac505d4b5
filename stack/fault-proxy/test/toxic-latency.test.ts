import { describe, expect } from "vitest";
import { api, listenPort, roundTripMs, startUpstream, test } from "./fixtures.js";

const ping = Buffer.from("ping");

async function median(samples: () => Promise<number>, count: number): Promise<number> {
  const values: number[] = [];
  for (let i = 0; i < count; i += 1) values.push(await samples());
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)] ?? Number.NaN;
}

describe("latency toxic", () => {
  test("delays each downstream chunk by about the latency", async ({ faultProxy, echoProxyPort, clients }) => {
    const client = await clients(echoProxyPort);
    const baselineMs = await median(() => roundTripMs(client, ping), 5);
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency", attributes: { latency: 100 } });
    const delayedMs = await median(() => roundTripMs(client, ping), 5);
    expect(baselineMs).toBeLessThan(50);
    expect(delayedMs).toBeGreaterThanOrEqual(100);
    expect(delayedMs).toBeLessThan(250);
  });

  test("adds upstream and downstream latency together", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency", stream: "upstream", attributes: { latency: 60 } });
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency", stream: "downstream", attributes: { latency: 60 } });
    const client = await clients(echoProxyPort);
    const elapsedMs = await roundTripMs(client, ping);
    expect(elapsedMs).toBeGreaterThanOrEqual(120);
    expect(elapsedMs).toBeLessThan(400);
  });

  test("keeps jittered delays within latency ± jitter", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency", attributes: { latency: 60, jitter: 40 } });
    const client = await clients(echoProxyPort);
    const samples: number[] = [];
    for (let i = 0; i < 8; i += 1) samples.push(await roundTripMs(client, ping));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(19);
    expect(Math.max(...samples)).toBeLessThan(250);
  });

  test("delays chunks from their arrival, so a stream is shifted rather than stretched", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency", attributes: { latency: 150 } });
    const client = await clients(echoProxyPort);
    const startedAt = performance.now();
    for (let i = 0; i < 5; i += 1) {
      client.socket.write(`chunk${i}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await client.receive(30);
    const elapsedMs = performance.now() - startedAt;
    expect(elapsedMs).toBeGreaterThanOrEqual(230);
    expect(elapsedMs).toBeLessThan(600);
  });

  test("toxicity 0 leaves connections untouched", async ({ faultProxy, echoProxyPort, clients }) => {
    await api(faultProxy, "POST", "/proxies/echo/toxics", { type: "latency", toxicity: 0, attributes: { latency: 500 } });
    const client = await clients(echoProxyPort);
    expect(await roundTripMs(client, ping)).toBeLessThan(200);
  });

  test("an update or removal takes effect on a live connection", async ({ faultProxy, echoProxyPort, clients }) => {
    const client = await clients(echoProxyPort);
    await api(faultProxy, "POST", "/proxies/echo/toxics", { name: "slow", type: "latency", attributes: { latency: 50 } });
    expect(await roundTripMs(client, ping)).toBeGreaterThanOrEqual(50);
    await api(faultProxy, "POST", "/proxies/echo/toxics/slow", { attributes: { latency: 200 } });
    expect(await roundTripMs(client, ping)).toBeGreaterThanOrEqual(200);
    await api(faultProxy, "DELETE", "/proxies/echo/toxics/slow");
    expect(await roundTripMs(client, ping)).toBeLessThan(100);
  });

  test("delivers a delayed response in full when the upstream closes right after sending it", async ({ faultProxy, clients }) => {
    const oneShot = await startUpstream((socket) => socket.end("response"));
    try {
      const created = await api(faultProxy, "POST", "/proxies", { name: "oneshot", listen: "127.0.0.1:0", upstream: oneShot.address });
      await api(faultProxy, "POST", "/proxies/oneshot/toxics", { type: "latency", attributes: { latency: 100 } });
      const client = await clients(listenPort(created.json.listen));
      expect(await client.ended).toBe("end");
      expect(client.received().toString()).toBe("response");
    } finally {
      await oneShot.close();
    }
  });
});

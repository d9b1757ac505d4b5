import { randomBytes } from "node:crypto";
import { connect, type Socket } from "node:net";
import { describe, expect } from "vitest";
import { startFaultProxy } from "../src/server.js";
import { api, listenPort, openClient, startUpstream, test } from "./fixtures.js";

describe("proxy forwarding", () => {
  test("passes bytes both ways unchanged", async ({ echoProxyPort, clients }) => {
    const client = await clients(echoProxyPort);
    const payload = randomBytes(1 << 20);
    client.socket.write(payload);
    const echoed = await client.receive(payload.length);
    expect(echoed.equals(payload)).toBe(true);
  });

  test("propagates a half-close and then closes both sides", async ({ echoProxyPort, clients }) => {
    const client = await clients(echoProxyPort);
    client.socket.end("last words");
    expect(await client.ended).toBe("end");
    expect(client.received().toString()).toBe("last words");
  });

  test("closes the client when the upstream refuses", async ({ faultProxy, clients }) => {
    const refused = await startUpstream(() => {});
    await refused.close();
    const created = await api(faultProxy, "POST", "/proxies", { name: "dead", listen: "127.0.0.1:0", upstream: refused.address });
    const client = await clients(listenPort(created.json.listen));
    expect(["end", "close", "ECONNRESET"]).toContain(await client.ended);
  });

  test("survives clients that reset mid-stream", async ({ faultProxy, echoProxyPort }) => {
    for (let i = 0; i < 20; i += 1) {
      const client = await openClient(echoProxyPort);
      client.socket.write(randomBytes(64 << 10));
      client.socket.resetAndDestroy();
      await client.ended;
    }
    const client = await openClient(echoProxyPort);
    client.socket.write("still alive");
    expect((await client.receive(11)).toString()).toBe("still alive");
    client.socket.destroy();
    expect((await api(faultProxy, "GET", "/proxies/echo")).status).toBe(200);
  });

  test("disabling closes connections and stops listening; enabling listens again", async ({ faultProxy, echoProxyPort, clients }) => {
    const client = await clients(echoProxyPort);
    await client.receive(0);
    const disabled = await api(faultProxy, "POST", "/proxies/echo", { enabled: false });
    expect(disabled.json.enabled).toBe(false);
    expect(["close", "end", "ECONNRESET"]).toContain(await client.ended);
    await expect(openClient(echoProxyPort)).rejects.toMatchObject({ code: "ECONNREFUSED" });
    await api(faultProxy, "POST", "/proxies/echo", { enabled: true });
    const again = await clients(echoProxyPort);
    again.socket.write("back");
    expect((await again.receive(4)).toString()).toBe("back");
  });

  test("rejects connections beyond the limit and serves the rest", async ({ echoUpstream }) => {
    const server = await startFaultProxy({ port: 0, maxConnections: 2, log: () => {} });
    try {
      const created = await api(server, "POST", "/proxies", { name: "capped", listen: "127.0.0.1:0", upstream: echoUpstream.address });
      const port = listenPort(created.json.listen);
      const first = await openClient(port);
      const second = await openClient(port);
      const third = await openClient(port);
      expect(["close", "end", "ECONNRESET"]).toContain(await third.ended);
      first.socket.write("ok");
      expect((await first.receive(2)).toString()).toBe("ok");
      first.socket.destroy();
      second.socket.destroy();
    } finally {
      await server.close();
    }
  });

  test("logs one JSON line per API call and per connection open and close", async ({ echoUpstream }) => {
    const lines: Array<Record<string, unknown>> = [];
    const server = await startFaultProxy({ port: 0, log: (event, fields) => lines.push({ event, ...fields }) });
    try {
      const created = await api(server, "POST", "/proxies", { name: "logged", listen: "127.0.0.1:0", upstream: echoUpstream.address });
      const client = await openClient(listenPort(created.json.listen));
      client.socket.end("x");
      await client.ended;
      await expect.poll(() => lines.map((l) => l.event)).toContain("conn.close");
      expect(lines).toContainEqual(expect.objectContaining({ event: "api", method: "POST", path: "/proxies", status: 201 }));
      expect(lines).toContainEqual(expect.objectContaining({ event: "conn.open", proxy: "logged" }));
      expect(lines).toContainEqual(expect.objectContaining({ event: "conn.close", proxy: "logged", bytesUpstream: 1, bytesDownstream: 1 }));
    } finally {
      await server.close();
    }
  });

  test("closing the server drops live connections promptly", async ({ echoUpstream }) => {
    const server = await startFaultProxy({ port: 0, log: () => {} });
    const created = await api(server, "POST", "/proxies", { name: "live", listen: "127.0.0.1:0", upstream: echoUpstream.address });
    const socket = connect(listenPort(created.json.listen), "127.0.0.1");
    socket.on("error", () => {});
    await new Promise((resolve) => socket.once("connect", resolve));
    const startedAt = performance.now();
    await server.close();
    await new Promise((resolve) => (socket.destroyed ? resolve(undefined) : socket.once("close", resolve)));
    expect(performance.now() - startedAt).toBeLessThan(1_000);
  });

  test("an upstream reset closes the client and the proxy keeps serving", async ({ faultProxy, clients, echoProxyPort }) => {
    const rude = await startUpstream((socket) => socket.once("data", () => socket.resetAndDestroy()));
    try {
      const created = await api(faultProxy, "POST", "/proxies", { name: "rude", listen: "127.0.0.1:0", upstream: rude.address });
      const client = await clients(listenPort(created.json.listen));
      client.socket.write("provoke");
      expect(["close", "end", "ECONNRESET"]).toContain(await client.ended);
      const other = await clients(echoProxyPort);
      other.socket.write("fine");
      expect((await other.receive(4)).toString()).toBe("fine");
    } finally {
      await rude.close();
    }
  });

  test("stops reading a fast upstream while the client does not read", async ({ faultProxy, clients }) => {
    const flood = Buffer.alloc(64 << 20);
    let upstreamSocket: Socket | undefined;
    const firehose = await startUpstream((socket) => {
      upstreamSocket = socket;
      socket.write(flood);
    });
    try {
      const created = await api(faultProxy, "POST", "/proxies", { name: "flood", listen: "127.0.0.1:0", upstream: firehose.address });
      const client = await clients(listenPort(created.json.listen));
      client.socket.pause();
      await expect.poll(() => upstreamSocket?.writableLength ?? 0).toBeGreaterThan(0);
      const observeMs = 300;
      await new Promise((resolve) => setTimeout(resolve, observeMs));
      // Proxy queue (1 MiB) plus loopback socket buffers hold far less than the 64 MiB sent.
      expect(upstreamSocket?.writableLength ?? 0).toBeGreaterThan(32 << 20);
    } finally {
      await firehose.close();
    }
  });
});

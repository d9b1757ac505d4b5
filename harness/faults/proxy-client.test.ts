import { connect, createServer, type Server, type Socket } from "node:net";
import { describe, expect, test as base } from "vitest";
import { silentLogger } from "../../stack/fault-proxy/src/log.ts";
import { startFaultProxy, type FaultProxyServer } from "../../stack/fault-proxy/src/server.ts";
import { addToxic, createProxy, disableProxy, FaultProxyError, resetProxies } from "./proxy-client.ts";

interface Fixtures {
  faultProxy: FaultProxyServer;
  echoAddress: string;
}

const test = base.extend<Fixtures>({
  faultProxy: async ({}, use) => {
    const server = await startFaultProxy({ port: 0, log: silentLogger });
    await use(server);
    await server.close();
  },
  echoAddress: async ({}, use) => {
    const sockets = new Set<Socket>();
    const server: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on("error", () => {});
      socket.pipe(socket);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    await use(`127.0.0.1:${(server.address() as { port: number }).port}`);
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => server.close(resolve));
  },
});

/** Round trip of one small message through `listen`, or the connection error code. */
async function pingMs(listen: string): Promise<number | string> {
  const socket = connect(Number(listen.split(":").at(-1)), "127.0.0.1");
  try {
    return await new Promise<number | string>((resolve) => {
      socket.once("error", (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
      socket.once("connect", () => {
        const startedAt = performance.now();
        socket.once("data", () => resolve(performance.now() - startedAt));
        socket.write("ping");
      });
    });
  } finally {
    socket.destroy();
  }
}

async function proxyStatus(server: FaultProxyServer, name: string): Promise<number> {
  const res = await fetch(`${server.url}/proxies/${name}`);
  await res.arrayBuffer();
  return res.status;
}

describe("proxy-client faults", () => {
  test("createProxy forwards traffic and its disposal deletes the proxy", async ({ faultProxy, echoAddress }) => {
    {
      await using proxy = await createProxy(faultProxy.url, { name: "api-redis", listen: "127.0.0.1:0", upstream: echoAddress });
      expect(proxy.listen).toMatch(/^127\.0\.0\.1:\d+$/);
      expect(await pingMs(proxy.listen)).toBeLessThan(100);
    }
    expect(await proxyStatus(faultProxy, "api-redis")).toBe(404);
  });

  test("addToxic returns an undo that removes the toxic and records the fault window", async ({ faultProxy, echoAddress }) => {
    await using proxy = await createProxy(faultProxy.url, { name: "api-inference", listen: "127.0.0.1:0", upstream: echoAddress });
    const lag = await addToxic(proxy, { type: "latency", attributes: { latency: 150 } });
    expect(lag).toMatchObject({ proxy: "api-inference", name: "latency_downstream", type: "latency", stream: "downstream" });
    expect(await pingMs(proxy.listen)).toBeGreaterThanOrEqual(150);
    expect(lag.window.endedAtMs).toBeUndefined();
    await lag.undo();
    await lag.undo();
    expect(lag.window.endedAtMs).toBeGreaterThanOrEqual(lag.window.startedAtMs);
    expect(await pingMs(proxy.listen)).toBeLessThan(100);
  });

  test("disableProxy takes the link down until undone", async ({ faultProxy, echoAddress }) => {
    await using proxy = await createProxy(faultProxy.url, { name: "down", listen: "127.0.0.1:0", upstream: echoAddress });
    {
      await using _down = await disableProxy(proxy);
      expect(await pingMs(proxy.listen)).toBe("ECONNREFUSED");
    }
    expect(await pingMs(proxy.listen)).toBeLessThan(100);
  });

  test("an undo after a reset already removed the toxic still succeeds", async ({ faultProxy, echoAddress }) => {
    await using proxy = await createProxy(faultProxy.url, { name: "reset", listen: "127.0.0.1:0", upstream: echoAddress });
    const cut = await addToxic(proxy, { type: "reset_peer", stream: "upstream", attributes: { timeout: 0 }, toxicity: 0.5 });
    await resetProxies(faultProxy.url);
    await expect(cut.undo()).resolves.toBeUndefined();
  });

  test("failures name the operation and the API, and serialize", async ({ faultProxy, echoAddress }) => {
    await using _first = await createProxy(faultProxy.url, { name: "dup", listen: "127.0.0.1:0", upstream: echoAddress });
    const failure = await createProxy(faultProxy.url, { name: "dup", listen: "127.0.0.1:0", upstream: echoAddress }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(FaultProxyError);
    expect((failure as FaultProxyError).message).toContain(`create proxy dup via ${faultProxy.url}`);
    expect(JSON.parse(JSON.stringify(failure))).toMatchObject({ name: "FaultProxyError", operation: "create proxy dup" });
  });
});

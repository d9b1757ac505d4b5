import { connect, createServer, type Server, type Socket } from "node:net";
import { test as base } from "vitest";
import { silentLogger } from "../src/log.js";
import { startFaultProxy, type FaultProxyServer } from "../src/server.js";

export interface Upstream {
  readonly port: number;
  readonly address: string;
  /** Sockets the upstream accepted, so a test can see what reached it. */
  readonly sockets: Socket[];
}

/** A loopback TCP server that closes every socket it accepted when the fixture ends. */
export async function startUpstream(onSocket: (socket: Socket) => void): Promise<Upstream & { close(): Promise<void> }> {
  const sockets: Socket[] = [];
  const server: Server = createServer({ allowHalfOpen: true }, (socket) => {
    sockets.push(socket);
    socket.on("error", () => {});
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Echoes every byte and ends its side when the client ends. */
export const echo = (socket: Socket): void => {
  socket.pipe(socket);
};

export interface Client {
  readonly socket: Socket;
  /** Resolves with all bytes received once `n` have arrived. */
  receive(n: number, timeoutMs?: number): Promise<Buffer>;
  /** Resolves with how the socket ended: "end" (FIN), an error code, or "close". */
  readonly ended: Promise<string>;
  received(): Buffer;
}

export async function openClient(port: number): Promise<Client> {
  const socket = connect({ port, host: "127.0.0.1" });
  const chunks: Buffer[] = [];
  let size = 0;
  let notify = (): void => {};
  let endReason: string | undefined;
  const ended = new Promise<string>((resolve) => {
    socket.on("error", (err: NodeJS.ErrnoException) => (endReason ??= err.code ?? err.message));
    socket.on("end", () => (endReason ??= "end"));
    socket.on("close", () => {
      resolve(endReason ?? "close");
      notify();
    });
  });
  socket.on("data", (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    notify();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return {
    socket,
    ended,
    received: () => Buffer.concat(chunks),
    receive: (n, timeoutMs = 5_000) =>
      new Promise<Buffer>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`received ${size} of ${n} bytes within ${timeoutMs} ms`)), timeoutMs);
        notify = () => {
          if (size >= n) {
            clearTimeout(timer);
            resolve(Buffer.concat(chunks));
          } else if (socket.destroyed) {
            clearTimeout(timer);
            reject(new Error(`socket closed after ${size} of ${n} bytes`));
          }
        };
        notify();
      }),
  };
}

/** Milliseconds for `payload` to go through an echo path and back. */
export async function roundTripMs(client: Client, payload: Buffer): Promise<number> {
  const before = client.received().length;
  const startedAt = performance.now();
  client.socket.write(payload);
  await client.receive(before + payload.length);
  return performance.now() - startedAt;
}

export async function api(server: FaultProxyServer, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, json: json as any, text };
}

export function listenPort(listen: string): number {
  return Number(listen.slice(listen.lastIndexOf(":") + 1));
}

interface Fixtures {
  faultProxy: FaultProxyServer;
  echoUpstream: Upstream;
  clients: (port: number) => Promise<Client>;
  /** An enabled proxy named "echo" in front of the echo upstream; resolves to its listen port. */
  echoProxyPort: number;
}

export const test = base.extend<Fixtures>({
  faultProxy: async ({}, use) => {
    const server = await startFaultProxy({ port: 0, log: silentLogger });
    await use(server);
    await server.close();
  },
  echoUpstream: async ({}, use) => {
    const upstream = await startUpstream(echo);
    await use(upstream);
    await upstream.close();
  },
  clients: async ({}, use) => {
    const opened: Client[] = [];
    await use(async (port) => {
      const client = await openClient(port);
      opened.push(client);
      return client;
    });
    for (const client of opened) client.socket.destroy();
  },
  echoProxyPort: async ({ faultProxy, echoUpstream }, use) => {
    const created = await api(faultProxy, "POST", "/proxies", {
      name: "echo",
      listen: "127.0.0.1:0",
      upstream: echoUpstream.address,
    });
    await use(listenPort(created.json.listen));
  },
});

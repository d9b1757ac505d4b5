import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ServiceTimeServerOptions {
  serviceTimeMs: number;
  /** Requests served at once; the rest wait in a FIFO queue, like a single-threaded inference server. */
  concurrency?: number;
  status?: number;
}

export interface ServiceTimeServer extends AsyncDisposable {
  url: string;
  served(): number;
  close(): Promise<void>;
}

/** A loopback HTTP server with a known service time, for checking what the load generator measures. */
export async function startServiceTimeServer(options: ServiceTimeServerOptions): Promise<ServiceTimeServer> {
  const concurrency = options.concurrency ?? 1;
  const queue: Array<{ res: ServerResponse }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let busy = 0;
  let served = 0;

  const serveNext = (): void => {
    while (busy < concurrency && queue.length > 0) {
      const job = queue.shift();
      if (job === undefined) return;
      busy += 1;
      const timer = setTimeout(() => {
        timers.delete(timer);
        busy -= 1;
        served += 1;
        if (!job.res.destroyed) job.res.writeHead(options.status ?? 200, { "content-type": "text/plain" }).end("ok");
        serveNext();
      }, options.serviceTimeMs);
      timers.add(timer);
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on("end", () => {
      queue.push({ res });
      serveNext();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const close = async (): Promise<void> => {
    for (const timer of timers) clearTimeout(timer);
    queue.length = 0;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { url: `http://127.0.0.1:${port}/`, served: () => served, close, [Symbol.asyncDispose]: close };
}

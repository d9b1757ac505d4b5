import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { listenHost } from "./address.js";
import { createApiHandler } from "./api.js";
import { ProxyCollection } from "./collection.js";
import { jsonLineLogger, type Logger } from "./log.js";
import { ConnectionBudget } from "./proxy.js";

export interface FaultProxyOptions {
  /** API host; Toxiproxy's default is localhost, a container passes 0.0.0.0. */
  host?: string;
  /** API port; 0 picks a free one. Toxiproxy's default is 8474. */
  port?: number;
  maxConnections?: number;
  connectTimeoutMs?: number;
  closeGraceMs?: number;
  log?: Logger;
  /** Source of toxicity rolls and jitter; injectable so tests are deterministic. */
  random?: () => number;
}

export interface FaultProxyServer {
  /** Base URL of the HTTP API, e.g. http://127.0.0.1:8474 */
  readonly url: string;
  readonly port: number;
  readonly proxies: ProxyCollection;
  close(): Promise<void>;
}

export async function startFaultProxy(options: FaultProxyOptions = {}): Promise<FaultProxyServer> {
  const log = options.log ?? jsonLineLogger;
  const proxies = new ProxyCollection({
    log,
    random: options.random ?? Math.random,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    closeGraceMs: options.closeGraceMs ?? 2_000,
    budget: new ConnectionBudget(options.maxConnections ?? 1024),
  });
  const http = createServer(createApiHandler(proxies, log));
  http.requestTimeout = 25_000;
  const host = listenHost(options.host ?? "127.0.0.1") ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    http.once("error", reject);
    http.listen({ host, port: options.port ?? 8474 }, () => {
      http.off("error", reject);
      resolve();
    });
  });
  const { port, address, family } = http.address() as AddressInfo;
  const urlHost = family === "IPv6" ? `[${address}]` : address;
  log("api.start", { listen: `${urlHost}:${port}` });
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost === "0.0.0.0" ? "127.0.0.1" : urlHost}:${port}`,
    port,
    proxies,
    close() {
      closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => http.close(() => resolve()));
        http.closeAllConnections();
        await Promise.all([stopped, proxies.close()]);
        log("api.stop", {});
      })();
      return closing;
    },
  };
}

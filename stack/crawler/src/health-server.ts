import { createServer, type Server } from "node:http";
import type { Metrics } from "./metrics.ts";

export function createHealthServer(metrics: Metrics, health: () => unknown): Server {
  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET", "content-type": "application/json" }).end(JSON.stringify({ error_code: "method_not_allowed" }));
      return;
    }
    if (path === "/health") {
      const body = JSON.stringify(health());
      res.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(body);
      return;
    }
    if (path === "/metrics") {
      metrics.registry.metrics().then(
        (body) => res.writeHead(200, { "content-type": metrics.registry.contentType }).end(body),
        () => res.writeHead(500).end(),
      );
      return;
    }
    res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error_code: "not_found" }));
  });
  server.keepAliveTimeout = 5_000;
  return server;
}

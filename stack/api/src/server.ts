import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { App } from "./app.ts";
import { sendJson } from "./http-io.ts";
import { errorMessage, log } from "./log.ts";
import { handleHealth } from "./route-health.ts";
import { handleQuery } from "./route-query.ts";
import { handleStream } from "./route-stream.ts";

type Handler = (app: App, req: IncomingMessage, res: ServerResponse) => Promise<void>;

const ROUTES: Record<string, { method: string; handler: Handler }> = {
  "/query": { method: "POST", handler: handleQuery },
  "/stream": { method: "POST", handler: handleStream },
  "/health": { method: "GET", handler: (app, _req, res) => handleHealth(app, res) },
  "/metrics": {
    method: "GET",
    handler: async (app, _req, res) => {
      const body = await app.metrics.registry.metrics();
      res.writeHead(200, { "content-type": app.metrics.registry.contentType });
      res.end(body);
    },
  },
};

export function createApiServer(app: App): Server {
  const server = createServer((req, res) => {
    const started = performance.now();
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const route = ROUTES[path];
    const label = route ? path : "other";
    res.once("finish", () => {
      const status = String(res.statusCode);
      app.metrics.requests.inc({ route: label, method: req.method ?? "", status });
      app.metrics.duration.observe({ route: label }, (performance.now() - started) / 1000);
      // A fast-fail of an open breaker is expected while it is open (counted in metrics, transitions
      // logged): logging each one would turn an outage into a synchronous log storm on stdout.
      const level = res.statusCode >= 500 && res.getHeader("x-circuit-breaker") === undefined ? "warn" : "debug";
      log(level, "request", { method: req.method, path, status: res.statusCode, duration_ms: Math.round(performance.now() - started) });
    });
    if (!route) {
      sendJson(res, 404, { error_code: "not_found", message: `no route ${path}` });
      return;
    }
    if (req.method !== route.method && !(route.method === "GET" && req.method === "HEAD")) {
      sendJson(res, 405, { error_code: "method_not_allowed", message: `${path} accepts ${route.method}` }, { allow: route.method });
      return;
    }
    route.handler(app, req, res).catch((error: unknown) => {
      log("error", "unhandled_request_error", { path, error: errorMessage(error), stack: (error as Error).stack });
      if (!res.headersSent) sendJson(res, 500, { error_code: "internal", message: "unexpected error" });
      else res.end();
    });
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.keepAliveTimeout = 5_000;
  return server;
}

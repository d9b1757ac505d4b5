import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { handleCompletion, sendJson, type RequestNotes } from "./completion.ts";
import type { Config } from "./config.ts";
import type { Engine, Slot } from "./engine.ts";
import { ClientClosedError, DeadlineExceededError, HttpError, ShuttingDownError, toErrorResponse } from "./errors.ts";
import type { Logger } from "./log.ts";
import { createMetrics, type Metrics } from "./metrics.ts";
import { SlotPool } from "./slots.ts";
import { sseFrame } from "./sse.ts";

export type AppState = "loading" | "ready" | "draining";

export interface App {
  readonly server: Server;
  readonly metrics: Metrics;
  state(): AppState;
  attachEngine(engine: Engine): void;
  /**
   * Stops accepting, lets in-flight requests finish within the grace period, aborts the rest. Idempotent.
   * The engine belongs to whoever loaded it and is not disposed here.
   */
  shutdown(): Promise<void>;
}

type Route = "health" | "metrics" | "completion" | "v1_completions" | "v1_models" | "not_found";

const ROUTES: Readonly<Record<string, { route: Route; method: "GET" | "POST" }>> = {
  "/health": { route: "health", method: "GET" },
  "/metrics": { route: "metrics", method: "GET" },
  "/completion": { route: "completion", method: "POST" },
  "/completions": { route: "completion", method: "POST" },
  "/v1/completions": { route: "v1_completions", method: "POST" },
  "/v1/models": { route: "v1_models", method: "GET" },
};

const ABORT_SETTLE_MS = 300;

function pathOf(url: string | undefined): string {
  try {
    return new URL(url ?? "/", "http://localhost").pathname;
  } catch {
    return "/";
  }
}

export function createApp(config: Config, log: Logger): App {
  let engine: Engine | undefined;
  let pool: SlotPool<Slot> | undefined;
  let draining = false;
  let shutdownPromise: Promise<void> | undefined;
  const inflight = new Set<AbortController>();
  const idleWaiters = new Set<() => void>();

  const metrics = createMetrics({
    slotStats: () => pool?.stats(),
    modelLoaded: () => engine !== undefined,
  });

  const server = createServer((req, res) => {
    void serve(req, res);
  });
  server.requestTimeout = config.requestTimeoutMs + 5_000;
  server.headersTimeout = Math.min(10_000, server.requestTimeout);
  server.keepAliveTimeout = 5_000;

  const untrack = (ctrl: AbortController): void => {
    inflight.delete(ctrl);
    if (inflight.size === 0) for (const wake of idleWaiters) wake();
  };

  const waitIdle = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (inflight.size === 0) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        idleWaiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      idleWaiters.add(done);
    });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const path = pathOf(req.url);
    const match = ROUTES[path];
    const route: Route = match?.route ?? "not_found";
    const notes: RequestNotes = {};
    let error: unknown;
    const ctrl = new AbortController();
    inflight.add(ctrl);
    const timer = setTimeout(() => ctrl.abort(new DeadlineExceededError(config.requestTimeoutMs)), config.requestTimeoutMs);
    res.once("close", () => {
      clearTimeout(timer);
      if (!res.writableFinished) ctrl.abort(new ClientClosedError());
      const status = res.writableFinished ? res.statusCode : 499;
      const seconds = (performance.now() - started) / 1000;
      metrics.requests.inc({ route, method: req.method ?? "", status: String(status) });
      metrics.requestDuration.observe({ route, status: String(status) }, seconds);
      log({
        msg: "request",
        method: req.method,
        path,
        route,
        status,
        durationMs: Math.round(seconds * 100_000) / 100,
        ...notes,
        ...(error === undefined ? {} : { error: toErrorResponse(error).body.error, message: (error as Error).message }),
      });
    });

    try {
      if (match === undefined) throw new HttpError(404, "not_found", `no route for ${path}`);
      if (req.method !== match.method) {
        throw new HttpError(405, "method_not_allowed", `${path} accepts ${match.method} only`, { allow: match.method });
      }
      await dispatch(route, req, res, ctrl.signal, notes);
    } catch (err) {
      error = ctrl.signal.aborted && !(err instanceof HttpError) ? ctrl.signal.reason : err;
      respondWithError(res, error);
    } finally {
      clearTimeout(timer);
      untrack(ctrl);
    }
  }

  function respondWithError(res: ServerResponse, err: unknown): void {
    if (res.destroyed || res.writableEnded || err instanceof ClientClosedError) return;
    const { status, headers, body } = toErrorResponse(err);
    if (res.headersSent) {
      // Mid-stream: the status line is gone, so the error becomes the final event.
      res.end(sseFrame({ ...body, content: "", stop: true, stop_type: body.error }));
      return;
    }
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    sendJson(res, status, body);
  }

  async function dispatch(route: Route, req: IncomingMessage, res: ServerResponse, signal: AbortSignal, notes: RequestNotes): Promise<void> {
    switch (route) {
      case "health": {
        if (draining) return sendJson(res, 503, { status: "shutting_down" });
        return engine === undefined ? sendJson(res, 503, { status: "loading" }) : sendJson(res, 200, { status: "ok" });
      }
      case "metrics": {
        const text = await metrics.registry.metrics();
        res.writeHead(200, { "content-type": metrics.registry.contentType });
        res.end(text);
        return;
      }
      case "v1_models": {
        return sendJson(res, 200, { object: "list", data: [{ id: config.modelAlias, object: "model", owned_by: "xnai" }] });
      }
      case "completion":
      case "v1_completions": {
        if (draining) throw new ShuttingDownError();
        if (engine === undefined || pool === undefined) {
          throw new HttpError(503, "loading", "the model is still loading", { "retry-after": "1" });
        }
        return handleCompletion(route === "completion" ? "llama" : "openai", req, res, signal, { config, engine, pool, metrics }, notes);
      }
      case "not_found":
        throw new HttpError(404, "not_found", "no such route");
    }
  }

  return {
    server,
    metrics,
    state: () => (draining ? "draining" : engine === undefined ? "loading" : "ready"),
    attachEngine(loaded) {
      engine = loaded;
      pool = new SlotPool(loaded.slots, { queueMax: config.queueMax });
    },
    shutdown() {
      shutdownPromise ??= (async () => {
        draining = true;
        server.close();
        server.closeIdleConnections();
        await waitIdle(config.shutdownGraceMs);
        for (const ctrl of inflight) ctrl.abort(new ShuttingDownError());
        await waitIdle(ABORT_SETTLE_MS);
        server.closeAllConnections();
      })();
      return shutdownPromise;
    },
  };
}

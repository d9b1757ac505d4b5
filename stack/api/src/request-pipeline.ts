// The steps /query and /stream share: authenticate, read and validate the body, retrieve context
// (degrading when Redis is unusable), and map dependency failures to answers.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "./app.ts";
import { auditAuthFailure } from "./audit.ts";
import { keyMatches, presentedKey } from "./auth.ts";
import type { Doc } from "./documents.ts";
import { CircuitOpenError, UpstreamError, isTimeoutError } from "./errors.ts";
import { discardBody, readBody, sendJson } from "./http-io.ts";

// A refused body is read and dropped up to this much, so the client (or gateway) sees our 413.
const DISCARD_CAP_BYTES = 1_048_576;
const DISCARD_TIMEOUT_MS = 2_000;
import { errorMessage, log } from "./log.ts";
import { buildPrompt } from "./prompt.ts";
import { retrieve } from "./retrieval.ts";
import { checkContentType, validateQueryBody, type QueryRequest } from "./validation.ts";

export function authorize(app: App, req: IncomingMessage, res: ServerResponse, route: string): boolean {
  const presented = presentedKey(req.headers);
  if (presented.kind === "present" && keyMatches(presented.key, app.apiKey)) return true;
  const reason = presented.kind === "missing" ? "missing" : "invalid";
  const forwarded = req.headers["x-forwarded-for"];
  auditAuthFailure(app.redis, app.guards.redis, app.metrics, {
    route,
    reason,
    remote: req.socket.remoteAddress ?? "unknown",
    forwardedFor: Array.isArray(forwarded) ? forwarded.join(", ") : forwarded,
  });
  if (reason === "missing") {
    sendJson(res, 401, { error_code: "unauthorized", message: "API key required: send x-api-key or Authorization: Bearer" }, { "www-authenticate": "Bearer" });
  } else {
    sendJson(res, 403, { error_code: "forbidden", message: "API key is not valid" });
  }
  return false;
}

export async function readQuery(app: App, req: IncomingMessage, res: ServerResponse): Promise<QueryRequest | null> {
  const typeRejection = checkContentType(req.headers["content-type"]);
  if (typeRejection) {
    sendJson(res, typeRejection.status, { error_code: typeRejection.error_code, message: typeRejection.message });
    return null;
  }
  const body = await readBody(req, app.config.maxBodyBytes);
  if (!body.ok) {
    const drained = await discardBody(req, DISCARD_CAP_BYTES, DISCARD_TIMEOUT_MS);
    sendJson(res, body.rejection.status, { error_code: body.rejection.error_code, message: body.rejection.message }, drained ? {} : { connection: "close" });
    return null;
  }
  const validated = validateQueryBody(body.text, app.config);
  if (!validated.ok) {
    sendJson(res, validated.rejection.status, { error_code: validated.rejection.error_code, message: validated.rejection.message });
    return null;
  }
  return validated.value;
}

export interface Context {
  docs: Doc[];
  degraded: boolean;
}

/** null means the answer was already sent (only with the FAIL_ON_REDIS_DOWN negative control). */
export async function retrieveContext(app: App, route: string, query: string, res: ServerResponse): Promise<Context | null> {
  try {
    const docs = await app.guards.redis.call(() => retrieve(app.redis, query, app.config.retrievalTopK));
    return { docs, degraded: false };
  } catch (error) {
    if (app.config.failOnRedisDown) {
      sendJson(res, 500, { error_code: "redis_unavailable", message: errorMessage(error) });
      return null;
    }
    app.metrics.degradedResponses.inc({ route });
    log("debug", "retrieval_skipped", { route, error: errorMessage(error) });
    return { docs: [], degraded: true };
  }
}

export function sendDependencyError(res: ServerResponse, error: unknown): void {
  if (error instanceof CircuitOpenError) {
    sendJson(
      res,
      503,
      { error_code: "circuit_open", breaker: error.breaker, retry_after_s: error.retryAfterS, message: error.message },
      { "retry-after": String(error.retryAfterS), "x-circuit-breaker": error.breaker },
    );
    return;
  }
  if (error instanceof UpstreamError && error.failure === "overloaded") {
    const retryAfterS = error.retryAfterS ?? 1;
    sendJson(res, 503, { error_code: "inference_overloaded", retry_after_s: retryAfterS, message: error.message }, { "retry-after": String(retryAfterS) });
    return;
  }
  if ((error instanceof UpstreamError && error.failure === "timeout") || isTimeoutError(error)) {
    sendJson(res, 504, { error_code: "inference_timeout", message: errorMessage(error) });
    return;
  }
  const code = error instanceof UpstreamError && error.failure === "bad_response" ? "inference_bad_response" : "inference_unavailable";
  sendJson(res, 502, { error_code: code, message: errorMessage(error) });
}

export interface RagRequest {
  request: QueryRequest;
  context: Context;
  prompt: string;
}

/**
 * The front half /query and /stream share: auth, body, the open-breaker early exit (fast-fail must
 * not wait on Redis), retrieval and the prompt. null means the answer was already sent.
 */
export async function prepareRag(app: App, req: IncomingMessage, res: ServerResponse, route: string): Promise<RagRequest | null> {
  if (!authorize(app, req, res, route)) return null;
  const request = await readQuery(app, req, res);
  if (request === null) return null;
  try {
    app.guards.inference.rejectIfOpen();
  } catch (error) {
    sendDependencyError(res, error);
    return null;
  }
  const context = await retrieveContext(app, route, request.query, res);
  if (context === null) return null;
  const prompt = buildPrompt(request.query, context.docs, app.config.promptDocChars, app.config.promptInstruction);
  return { request, context, prompt };
}

// Client for a llama.cpp-server-shaped inference service. Every failure becomes an UpstreamError so
// the breaker and the HTTP mapping see one vocabulary.
import { UpstreamError, isTimeoutError, retryAfterSeconds } from "./errors.ts";

export interface Completion {
  content: string;
  tokensPredicted: number | undefined;
}

function body(prompt: string, nPredict: number, stream: boolean): string {
  return JSON.stringify({ prompt, n_predict: nPredict, stream, cache_prompt: true });
}

async function post(url: string, payload: string, accept: string, signal: AbortSignal | undefined): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(`${url}/completion`, {
      method: "POST",
      headers: { "content-type": "application/json", accept },
      body: payload,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if (isTimeoutError(error) || (signal?.aborted && isTimeoutError(signal.reason))) {
      throw new UpstreamError("inference", "timeout", "no response before the call timeout");
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new UpstreamError("inference", "unreachable", cause?.code ?? cause?.message ?? (error as Error).message);
  }
  if (response.ok) return response;
  await response.body?.cancel().catch(() => undefined);
  if (response.status === 503) {
    throw new UpstreamError("inference", "overloaded", "503 overloaded", retryAfterSeconds(response.headers.get("retry-after"), Date.now()) ?? 1);
  }
  if (response.status >= 400 && response.status < 500) {
    throw new UpstreamError("inference", "client_error", `rejected the request with ${response.status}`);
  }
  throw new UpstreamError("inference", "bad_status", `answered ${response.status}`);
}

export async function complete(url: string, prompt: string, nPredict: number, timeoutMs: number | undefined): Promise<Completion> {
  const signal = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
  const response = await post(url, body(prompt, nPredict, false), "application/json", signal);
  let value: unknown;
  try {
    value = await response.json();
  } catch (error) {
    if (isTimeoutError(error)) throw new UpstreamError("inference", "timeout", "body not complete before the call timeout");
    throw new UpstreamError("inference", "bad_response", `body is not JSON: ${(error as Error).message}`);
  }
  const v = value as Record<string, unknown> | null;
  if (typeof v !== "object" || v === null || typeof v.content !== "string") {
    throw new UpstreamError("inference", "bad_response", "body has no string 'content'");
  }
  return { content: v.content, tokensPredicted: typeof v.tokens_predicted === "number" ? v.tokens_predicted : undefined };
}

/**
 * Resolves once the stream's headers arrived. `headersTimeoutMs` bounds only that wait; the body is
 * bounded by the caller's idle timer through `controller`.
 */
export async function openStream(
  url: string,
  prompt: string,
  nPredict: number,
  controller: AbortController,
  headersTimeoutMs: number | undefined,
): Promise<Response> {
  const timer =
    headersTimeoutMs === undefined
      ? undefined
      : setTimeout(() => controller.abort(new DOMException("stream headers timed out", "TimeoutError")), headersTimeoutMs);
  try {
    const response = await post(url, body(prompt, nPredict, true), "text/event-stream", controller.signal);
    if (response.body === null) throw new UpstreamError("inference", "bad_response", "stream has no body");
    return response;
  } finally {
    clearTimeout(timer);
  }
}

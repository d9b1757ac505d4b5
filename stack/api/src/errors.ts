// The failures a request handler maps to HTTP answers.

export class CircuitOpenError extends Error {
  constructor(readonly breaker: string, readonly retryAfterS: number, halfOpen = false) {
    super(halfOpen ? `circuit breaker '${breaker}' is half-open and its trial call is in flight` : `circuit breaker '${breaker}' is open`);
    this.name = "CircuitOpenError";
  }
}

export type UpstreamFailure = "timeout" | "unreachable" | "overloaded" | "bad_status" | "bad_response" | "client_error";

export class UpstreamError extends Error {
  constructor(
    readonly dependency: string,
    readonly failure: UpstreamFailure,
    message: string,
    readonly retryAfterS?: number,
  ) {
    super(`${dependency}: ${message}`);
    this.name = "UpstreamError";
  }
}

/** Parses Retry-After (seconds or an HTTP date) into whole seconds, at least 1. */
export function retryAfterSeconds(header: string | null, now: number): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  const trimmed = header.trim();
  if (/^\d+$/.test(trimmed)) return Math.max(1, Number(trimmed));
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;
  return Math.max(1, Math.ceil((date - now) / 1000));
}

export function isTimeoutError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return error.name === "TimeoutError" || code === "ETIMEDOUT" || /timed? ?out/i.test(error.message);
}

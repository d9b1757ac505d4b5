export class HttpError extends Error {
  override readonly name = "HttpError";
  readonly status: number;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: number, code: string, message: string, headers: Readonly<Record<string, string>> = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.headers = headers;
  }
}

export class OverloadedError extends Error {
  override readonly name = "OverloadedError";
  readonly retryAfterSeconds: number;

  constructor(retryAfterSeconds: number, queued: number, queueMax: number) {
    super(`all slots are busy and the queue is full (${queued}/${queueMax} waiting); retry after ${retryAfterSeconds} s`);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

/** Abort reasons: which one fired decides the response (504, nothing for a gone client, 503 on shutdown). */
export class DeadlineExceededError extends Error {
  override readonly name = "DeadlineExceededError";

  constructor(readonly timeoutMs: number) {
    super(`request exceeded its deadline of ${timeoutMs} ms`);
  }
}

export class ClientClosedError extends Error {
  override readonly name = "ClientClosedError";

  constructor() {
    super("client closed the connection");
  }
}

export class ShuttingDownError extends Error {
  override readonly name = "ShuttingDownError";

  constructor() {
    super("server is shutting down");
  }
}

export interface ErrorResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly error: string; readonly message: string };
}

/** Pure mapping from anything thrown while serving a request to the HTTP response it deserves. */
export function toErrorResponse(err: unknown): ErrorResponse {
  if (err instanceof HttpError) {
    return { status: err.status, headers: err.headers, body: { error: err.code, message: err.message } };
  }
  if (err instanceof OverloadedError) {
    return {
      status: 503,
      headers: { "retry-after": String(err.retryAfterSeconds) },
      body: { error: "overloaded", message: err.message },
    };
  }
  if (err instanceof DeadlineExceededError) {
    return { status: 504, headers: {}, body: { error: "timeout", message: err.message } };
  }
  if (err instanceof ShuttingDownError) {
    return { status: 503, headers: { "retry-after": "1", connection: "close" }, body: { error: "shutting_down", message: err.message } };
  }
  if (err instanceof ClientClosedError) {
    return { status: 499, headers: {}, body: { error: "client_closed", message: err.message } };
  }
  return { status: 500, headers: {}, body: { error: "internal", message: err instanceof Error ? err.message : String(err) } };
}

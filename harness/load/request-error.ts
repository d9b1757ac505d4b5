/** Why a request produced no successful response. Kept out of the latency histogram on purpose. */
export type RequestError =
  | { kind: "status"; status: number }
  | { kind: "timeout" }
  | { kind: "connection"; code: string }
  /** The open-loop generator had too many requests in flight and shed this one instead of sending it. */
  | { kind: "dropped" };

export interface ErrorCounts {
  total: number;
  timeout: number;
  connection: number;
  dropped: number;
  byStatus: Record<string, number>;
  byConnectionCode: Record<string, number>;
}

export function emptyErrorCounts(): ErrorCounts {
  return { total: 0, timeout: 0, connection: 0, dropped: 0, byStatus: {}, byConnectionCode: {} };
}

export function countError(counts: ErrorCounts, error: RequestError): void {
  counts.total += 1;
  switch (error.kind) {
    case "status":
      counts.byStatus[error.status] = (counts.byStatus[error.status] ?? 0) + 1;
      return;
    case "timeout":
      counts.timeout += 1;
      return;
    case "connection":
      counts.connection += 1;
      counts.byConnectionCode[error.code] = (counts.byConnectionCode[error.code] ?? 0) + 1;
      return;
    case "dropped":
      counts.dropped += 1;
      return;
  }
}

export class RequestTimeoutError extends Error {
  override readonly name = "RequestTimeoutError";
  constructor(readonly url: string, readonly timeoutMs: number) {
    super(`no response from ${url} within ${timeoutMs} ms`);
  }
}

/** Maps a thrown transport error (node:http, autocannon) to an error kind. */
export function classifyTransportError(error: unknown): RequestError {
  if (error instanceof RequestTimeoutError) return { kind: "timeout" };
  const candidate = error as { code?: unknown; message?: unknown } | null;
  const message = typeof candidate?.message === "string" ? candidate.message : "";
  // autocannon reports its own timeouts as a plain Error with this message
  if (/timed out/i.test(message) || candidate?.code === "ETIMEDOUT") return { kind: "timeout" };
  return { kind: "connection", code: typeof candidate?.code === "string" ? candidate.code : message || "unknown" };
}

export function defaultIsSuccessStatus(status: number): boolean {
  return status >= 200 && status < 400;
}

// Request validation for /query and /stream: pure, every rejection carries a status and a message
// a caller can act on.

export interface QueryRequest {
  query: string;
  maxTokens: number;
}

export interface ValidationLimits {
  maxBodyBytes: number;
  maxQueryChars: number;
  maxTokensLimit: number;
  defaultMaxTokens: number;
}

export interface Rejection {
  status: 400 | 413 | 415;
  error_code: "invalid_json" | "body_too_large" | "invalid_request" | "unsupported_media_type";
  message: string;
}

export type Validated<T> = { ok: true; value: T } | { ok: false; rejection: Rejection };

const reject = (status: Rejection["status"], error_code: Rejection["error_code"], message: string): Validated<never> => ({
  ok: false,
  rejection: { status, error_code, message },
});

export function bodyTooLarge(limitBytes: number): Rejection {
  return { status: 413, error_code: "body_too_large", message: `request body exceeds ${limitBytes} bytes` };
}

/** Checks a declared Content-Length before any byte is read. */
export function checkContentLength(header: string | undefined, limitBytes: number): Rejection | null {
  if (header === undefined) return null;
  const length = Number(header);
  if (Number.isFinite(length) && length > limitBytes) return bodyTooLarge(limitBytes);
  return null;
}

/** Accepts a missing Content-Type (curl -d sends form-urlencoded, so that is tolerated too) but not an explicit non-JSON type. */
export function checkContentType(header: string | undefined): Rejection | null {
  if (header === undefined || header === "") return null;
  const type = header.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || type.endsWith("+json") || type === "application/x-www-form-urlencoded" || type === "text/plain") {
    return null;
  }
  return { status: 415, error_code: "unsupported_media_type", message: `Content-Type ${type} is not supported: send application/json` };
}

export function validateQueryBody(raw: string, limits: ValidationLimits): Validated<QueryRequest> {
  if (Buffer.byteLength(raw, "utf8") > limits.maxBodyBytes) return { ok: false, rejection: bodyTooLarge(limits.maxBodyBytes) };
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch (error) {
    return reject(400, "invalid_json", `request body is not valid JSON: ${(error as Error).message}`);
  }
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return reject(400, "invalid_request", "request body must be a JSON object");
  }
  const { query, max_tokens: maxTokens } = body as Record<string, unknown>;
  if (query === undefined || query === null) return reject(400, "invalid_request", "field 'query' is required");
  if (typeof query !== "string") return reject(400, "invalid_request", "field 'query' must be a string");
  const trimmed = query.trim();
  if (trimmed === "") return reject(400, "invalid_request", "field 'query' must not be empty");
  if ([...trimmed].length > limits.maxQueryChars) {
    return reject(400, "invalid_request", `field 'query' is longer than ${limits.maxQueryChars} characters`);
  }
  if (maxTokens === undefined || maxTokens === null) return { ok: true, value: { query: trimmed, maxTokens: limits.defaultMaxTokens } };
  if (typeof maxTokens !== "number" || !Number.isInteger(maxTokens)) {
    return reject(400, "invalid_request", "field 'max_tokens' must be an integer");
  }
  if (maxTokens < 1 || maxTokens > limits.maxTokensLimit) {
    return reject(400, "invalid_request", `field 'max_tokens' must be between 1 and ${limits.maxTokensLimit}`);
  }
  return { ok: true, value: { query: trimmed, maxTokens } };
}

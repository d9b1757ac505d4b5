export interface LoadTarget {
  /** The endpoint, e.g. http://127.0.0.1:8080/v1/chat; callers pass loopback or the run's own containers. */
  url: string;
  method?: "GET" | "POST" | "PUT" | "DELETE" | "HEAD";
  headers?: Record<string, string>;
  /** A string is sent as is; anything else is sent as JSON with a JSON content type. */
  body?: unknown;
  apiKey?: { header: string; value: string };
}

export interface PreparedRequest {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | undefined;
}

export class LoadTargetError extends Error {
  override readonly name = "LoadTargetError";
}

export function prepareRequest(target: LoadTarget): PreparedRequest {
  let url: URL;
  try {
    url = new URL(target.url);
  } catch {
    throw new LoadTargetError(`load target ${JSON.stringify(target.url)} is not a URL`);
  }
  if (url.protocol !== "http:") throw new LoadTargetError(`load target ${target.url}: only http:// is supported (got ${url.protocol})`);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(target.headers ?? {})) headers[name.toLowerCase()] = value;
  let body: string | undefined;
  if (typeof target.body === "string") body = target.body;
  else if (target.body !== undefined) {
    body = JSON.stringify(target.body);
    headers["content-type"] ??= "application/json";
  }
  if (target.apiKey !== undefined) headers[target.apiKey.header.toLowerCase()] = target.apiKey.value;
  return { url, method: target.method ?? (body === undefined ? "GET" : "POST"), headers, body };
}

import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError, errBadRequestBody } from "./api-error.js";

const maxBodyBytes = 1 << 20;

/** Reads a JSON body; an empty or malformed one is Toxiproxy's 400 "bad request body". */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw ApiError.joined(errBadRequestBody, `body exceeds ${maxBodyBytes} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") throw ApiError.joined(errBadRequestBody, "EOF");
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw ApiError.joined(errBadRequestBody, err instanceof Error ? err.message : String(err));
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status);
  res.end();
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "content-length": Buffer.byteLength(text) });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown): void {
  const apiError = err instanceof ApiError ? err : new ApiError(err instanceof Error ? err.message : String(err), 500);
  sendJson(res, apiError.status, apiError);
}

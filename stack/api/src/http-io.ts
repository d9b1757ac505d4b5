import type { IncomingMessage, ServerResponse } from "node:http";
import { bodyTooLarge, checkContentLength, type Rejection } from "./validation.ts";

export type BodyResult = { ok: true; text: string } | { ok: false; rejection: Rejection };

/** Reads at most `limitBytes`; stops reading (and counts it as 413) as soon as the limit is passed. */
export function readBody(req: IncomingMessage, limitBytes: number): Promise<BodyResult> {
  const declared = checkContentLength(req.headers["content-length"], limitBytes);
  if (declared) return Promise.resolve({ ok: false, rejection: declared });
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (result: BodyResult) => {
      if (done) return;
      done = true;
      req.off("data", onData);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        req.pause();
        finish({ ok: false, rejection: bodyTooLarge(limitBytes) });
        return;
      }
      chunks.push(chunk);
    };
    req.on("data", onData);
    req.once("end", () => finish({ ok: true, text: Buffer.concat(chunks).toString("utf8") }));
    req.once("error", (error) => {
      if (!done) {
        done = true;
        reject(error);
      }
    });
  });
}

/**
 * Reads and drops what is left of a refused body (bounded in bytes and time). Answering before the
 * client finished sending makes a proxy in front (the gateway) see a broken pipe and answer 502
 * instead of our 413. Resolves true when the body ended within the bounds.
 */
export function discardBody(req: IncomingMessage, capBytes: number, timeoutMs: number): Promise<boolean> {
  if (req.readableEnded) return Promise.resolve(true);
  return new Promise((resolve) => {
    let seen = 0;
    const done = (ok: boolean) => {
      clearTimeout(timer);
      req.off("data", onData);
      req.off("end", onEnd);
      resolve(ok);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > capBytes) done(false);
    };
    const onEnd = () => done(true);
    const timer = setTimeout(() => done(false), timeoutMs);
    req.on("data", onData);
    req.once("end", onEnd);
    req.resume();
  });
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(payload);
}

import type { IncomingMessage } from "node:http";
import { HttpError } from "./errors.ts";

const tooLarge = (maxBytes: number): HttpError =>
  new HttpError(413, "payload_too_large", `request body exceeds ${maxBytes} bytes`, { connection: "close" });

/** Reads at most `maxBytes`; a larger body (declared or actual) fails with 413 without buffering the rest. */
export function readBody(req: IncomingMessage, maxBytes: number, signal: AbortSignal): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(tooLarge(maxBytes));
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const cleanup = (): void => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      signal.removeEventListener("abort", onAbort);
    };
    const fail = (err: unknown): void => {
      cleanup();
      req.pause();
      reject(err);
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > maxBytes) fail(tooLarge(maxBytes));
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error): void => fail(err);
    const onAbort = (): void => fail(signal.reason);
    if (signal.aborted) return fail(signal.reason);
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

import type { ServerResponse } from "node:http";

export const SSE_HEADERS = {
  "content-type": "text/event-stream",
  "cache-control": "no-cache",
  "x-accel-buffering": "no",
} as const;

/** One event. JSON.stringify escapes newlines, so the payload can never break the `\n\n` framing. */
export function sseFrame(data: unknown): string {
  return `data: ${JSON.stringify(data)}\n\n`;
}

/** OpenAI's stream terminator. */
export const SSE_DONE = "data: [DONE]\n\n";

/**
 * Writes frames to a response. Output per request is bounded by n_predict frames, so ignoring
 * backpressure cannot grow memory without bound.
 */
export class SseWriter {
  constructor(private readonly res: ServerResponse) {}

  open(status = 200): void {
    this.res.writeHead(status, SSE_HEADERS);
    this.res.flushHeaders();
  }

  send(data: unknown): void {
    if (!this.res.writableEnded && !this.res.destroyed) this.res.write(sseFrame(data));
  }

  end(trailer?: string): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    this.res.end(trailer);
  }
}

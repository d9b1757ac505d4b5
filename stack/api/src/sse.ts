// Server-sent events: an incremental parser for the inference stream (frames may be split across
// chunks anywhere, even between \r and \n) and the formatter for the api's own frames.

export interface SseEvent {
  event: string;
  data: string;
}

export class SseParser {
  private buffer = "";
  private skipLeadingLf = false;
  private dataLines: string[] = [];
  private eventName = "";

  /** Feeds decoded text; returns every event completed by it. */
  push(chunk: string): SseEvent[] {
    let text = chunk;
    if (this.skipLeadingLf && text.startsWith("\n")) text = text.slice(1);
    this.skipLeadingLf = false;
    this.buffer += text;
    const events: SseEvent[] = [];
    for (;;) {
      const match = /\r\n|\r|\n/.exec(this.buffer);
      if (match === null) break;
      // A trailing \r may be the first half of \r\n: wait for the next chunk to decide.
      if (match[0] === "\r" && match.index === this.buffer.length - 1) {
        this.skipLeadingLf = true;
      }
      const line = this.buffer.slice(0, match.index);
      this.buffer = this.buffer.slice(match.index + match[0].length);
      const event = this.line(line);
      if (event !== null) events.push(event);
    }
    return events;
  }

  /** Flushes an event left without its terminating blank line when the stream ends. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    if (this.buffer !== "") {
      const event = this.line(this.buffer);
      if (event !== null) events.push(event);
      this.buffer = "";
    }
    const last = this.line("");
    if (last !== null) events.push(last);
    return events;
  }

  private line(line: string): SseEvent | null {
    if (line === "") {
      if (this.dataLines.length === 0) {
        this.eventName = "";
        return null;
      }
      const event = { event: this.eventName || "message", data: this.dataLines.join("\n") };
      this.dataLines = [];
      this.eventName = "";
      return event;
    }
    if (line.startsWith(":")) return null;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") this.dataLines.push(value);
    else if (field === "event") this.eventName = value;
    return null;
  }
}

/** One frame; `data` is serialized as a single JSON line, so it never needs splitting. */
export function formatSse(data: unknown, event?: string): string {
  return `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
}

export interface InferenceFrame {
  content: string;
  stop: boolean;
  tokensPredicted: number | undefined;
}

/** Parses a llama.cpp-server stream frame; null when it is not one. */
export function parseInferenceFrame(data: string): InferenceFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  const content = typeof v.content === "string" ? v.content : "";
  const tokensPredicted = typeof v.tokens_predicted === "number" ? v.tokens_predicted : undefined;
  return { content, stop: v.stop === true, tokensPredicted };
}

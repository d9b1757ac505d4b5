import { describe, expect, it } from "vitest";
import { SseParser, formatSse, parseInferenceFrame } from "../src/sse.ts";

const stream =
  'data: {"content":"Hel","stop":false}\n\n' +
  ": keep-alive comment\n\n" +
  'data: {"content":"lo\\n","stop":false}\r\n\r\n' +
  'event: custom\ndata: line one\ndata: line two\n\n' +
  'data: {"content":"","stop":true,"tokens_predicted":2}\n\n';

describe("SseParser", () => {
  it("parses whole frames, skipping comments and joining multi-line data", () => {
    const events = new SseParser().push(stream);
    expect(events).toEqual([
      { event: "message", data: '{"content":"Hel","stop":false}' },
      { event: "message", data: '{"content":"lo\\n","stop":false}' },
      { event: "custom", data: "line one\nline two" },
      { event: "message", data: '{"content":"","stop":true,"tokens_predicted":2}' },
    ]);
  });

  it.each([1, 2, 3, 7, 13])("gives the same events when the stream arrives in %i-character chunks", (size) => {
    const parser = new SseParser();
    const events = [];
    for (let i = 0; i < stream.length; i += size) events.push(...parser.push(stream.slice(i, i + size)));
    events.push(...parser.end());
    expect(events).toEqual(new SseParser().push(stream));
  });

  it("does not read a \\r\\n split across chunks as two line ends", () => {
    const parser = new SseParser();
    expect([...parser.push("data: a\r"), ...parser.push("\ndata: b\r\n"), ...parser.push("\r\n")]).toEqual([{ event: "message", data: "a\nb" }]);
  });

  it("flushes an unterminated last event at end of stream", () => {
    const parser = new SseParser();
    expect(parser.push("data: tail")).toEqual([]);
    expect(parser.end()).toEqual([{ event: "message", data: "tail" }]);
  });
});

describe("formatSse", () => {
  it("frames a token as one data line and a blank line", () => {
    expect(formatSse({ token: "a\nb" })).toBe('data: {"token":"a\\nb"}\n\n');
  });

  it("names the event when given one", () => {
    expect(formatSse({ sources: ["0001"] }, "done")).toBe('event: done\ndata: {"sources":["0001"]}\n\n');
  });

  it("round-trips through the parser", () => {
    const frames = formatSse({ token: "x" }) + formatSse({ ok: true }, "done");
    expect(new SseParser().push(frames)).toEqual([
      { event: "message", data: '{"token":"x"}' },
      { event: "done", data: '{"ok":true}' },
    ]);
  });
});

describe("parseInferenceFrame", () => {
  it("reads content, stop and tokens_predicted", () => {
    expect(parseInferenceFrame('{"content":"hi","stop":false}')).toEqual({ content: "hi", stop: false, tokensPredicted: undefined });
    expect(parseInferenceFrame('{"content":"","stop":true,"tokens_predicted":9}')).toEqual({ content: "", stop: true, tokensPredicted: 9 });
  });

  it("returns null for data that is not a JSON object", () => {
    expect(parseInferenceFrame("[DONE]")).toBeNull();
    expect(parseInferenceFrame("null")).toBeNull();
  });
});

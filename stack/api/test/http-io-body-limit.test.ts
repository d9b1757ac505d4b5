import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { readBody } from "../src/http-io.ts";

function request(chunks: string[], headers: Record<string, string> = {}): IncomingMessage {
  return Object.assign(Readable.from(chunks.map((c) => Buffer.from(c))), { headers }) as unknown as IncomingMessage;
}

describe("readBody", () => {
  it("returns the whole body under the limit", async () => {
    await expect(readBody(request(['{"query":', '"x"}']), 64)).resolves.toEqual({ ok: true, text: '{"query":"x"}' });
  });

  it("answers 413 as soon as streamed bytes pass the limit", async () => {
    const result = await readBody(request(["a".repeat(40), "b".repeat(40)]), 64);
    expect(result).toMatchObject({ ok: false, rejection: { status: 413, error_code: "body_too_large" } });
  });

  it("answers 413 from Content-Length without reading", async () => {
    const result = await readBody(request([], { "content-length": "65" }), 64);
    expect(result).toMatchObject({ ok: false, rejection: { status: 413 } });
  });
});

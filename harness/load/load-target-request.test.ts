import { describe, expect, it } from "vitest";
import { LoadTargetError, prepareRequest } from "./load-target.ts";

describe("prepareRequest", () => {
  it("sends an object body as JSON with an api key header", () => {
    const request = prepareRequest({
      url: "http://127.0.0.1:8080/v1/chat",
      headers: { "X-Trace": "1" },
      body: { prompt: "hi" },
      apiKey: { header: "X-API-Key", value: "secret" },
    });
    expect(request).toMatchObject({
      method: "POST",
      body: '{"prompt":"hi"}',
      headers: { "x-trace": "1", "content-type": "application/json", "x-api-key": "secret" },
    });
    expect(request.url.href).toBe("http://127.0.0.1:8080/v1/chat");
  });

  it("keeps a string body and an explicit content type as given, and defaults to GET without one", () => {
    expect(prepareRequest({ url: "http://127.0.0.1/", body: "a=1", headers: { "Content-Type": "text/plain" } }).headers).toEqual({
      "content-type": "text/plain",
    });
    expect(prepareRequest({ url: "http://10.88.0.5:8000/health" }).method).toBe("GET");
  });

  it("rejects what is not an http URL", () => {
    expect(() => prepareRequest({ url: "127.0.0.1:80" })).toThrow(LoadTargetError);
    expect(() => prepareRequest({ url: "https://127.0.0.1/" })).toThrow(/only http:\/\//);
  });
});

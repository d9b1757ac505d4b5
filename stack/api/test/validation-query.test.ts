import { describe, expect, it } from "vitest";
import { checkContentLength, checkContentType, validateQueryBody } from "../src/validation.ts";

const limits = { maxBodyBytes: 256, maxQueryChars: 20, maxTokensLimit: 64, defaultMaxTokens: 16 };
const rejection = (raw: string) => {
  const result = validateQueryBody(raw, limits);
  if (result.ok) throw new Error(`expected a rejection of ${raw}`);
  return result.rejection;
};

describe("validateQueryBody", () => {
  it("accepts a query, trims it and applies the default max_tokens", () => {
    expect(validateQueryBody('{"query":"  what is tmpfs? "}', limits)).toEqual({ ok: true, value: { query: "what is tmpfs?", maxTokens: 16 } });
    expect(validateQueryBody('{"query":"q","max_tokens":64}', limits)).toEqual({ ok: true, value: { query: "q", maxTokens: 64 } });
  });

  it("answers 400 invalid_json for a body that is not JSON", () => {
    expect(rejection('{"query":')).toMatchObject({ status: 400, error_code: "invalid_json" });
  });

  it.each([
    ["[1]", "request body must be a JSON object"],
    ["{}", "field 'query' is required"],
    ['{"query":5}', "field 'query' must be a string"],
    ['{"query":"   "}', "field 'query' must not be empty"],
    [`{"query":"${"x".repeat(21)}"}`, "field 'query' is longer than 20 characters"],
    ['{"query":"q","max_tokens":0}', "field 'max_tokens' must be between 1 and 64"],
    ['{"query":"q","max_tokens":65}', "field 'max_tokens' must be between 1 and 64"],
    ['{"query":"q","max_tokens":2.5}', "field 'max_tokens' must be an integer"],
    ['{"query":"q","max_tokens":"8"}', "field 'max_tokens' must be an integer"],
  ])("answers 400 for %s", (raw, message) => {
    expect(rejection(raw)).toEqual({ status: 400, error_code: "invalid_request", message });
  });

  it("counts query length in characters, not UTF-16 units", () => {
    expect(validateQueryBody(`{"query":"${"😀".repeat(20)}"}`, limits).ok).toBe(true);
  });

  it("answers 413 for a body over the byte limit", () => {
    expect(rejection(`{"query":"q","pad":"${"x".repeat(300)}"}`)).toMatchObject({ status: 413, error_code: "body_too_large" });
  });
});

describe("header checks", () => {
  it("rejects a declared Content-Length over the limit before reading", () => {
    expect(checkContentLength("257", 256)).toMatchObject({ status: 413 });
    expect(checkContentLength("256", 256)).toBeNull();
    expect(checkContentLength(undefined, 256)).toBeNull();
  });

  it("accepts JSON and curl's default type, rejects others with 415", () => {
    expect(checkContentType("application/json; charset=utf-8")).toBeNull();
    expect(checkContentType("application/x-www-form-urlencoded")).toBeNull();
    expect(checkContentType(undefined)).toBeNull();
    expect(checkContentType("text/html")).toMatchObject({ status: 415, error_code: "unsupported_media_type" });
  });
});

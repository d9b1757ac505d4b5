import { describe, expect, it } from "vitest";
import { keyMatches, presentedKey } from "../src/auth.ts";

describe("presentedKey", () => {
  it("reads x-api-key first, then a Bearer token", () => {
    expect(presentedKey({ "x-api-key": "k1", authorization: "Bearer k2" })).toEqual({ kind: "present", key: "k1" });
    expect(presentedKey({ authorization: "bearer  k2 " })).toEqual({ kind: "present", key: "k2" });
  });

  it("treats absent, empty and non-Bearer credentials as missing", () => {
    expect(presentedKey({})).toEqual({ kind: "missing" });
    expect(presentedKey({ "x-api-key": "  " })).toEqual({ kind: "missing" });
    expect(presentedKey({ authorization: "Basic dXNlcjpwYXNz" })).toEqual({ kind: "missing" });
    expect(presentedKey({ authorization: "Bearer" })).toEqual({ kind: "missing" });
  });

  it("uses the first value of a repeated header", () => {
    expect(presentedKey({ "x-api-key": ["k1", "k2"] })).toEqual({ kind: "present", key: "k1" });
  });
});

describe("keyMatches", () => {
  it("accepts only the exact key", () => {
    expect(keyMatches("s3cret", "s3cret")).toBe(true);
    expect(keyMatches("s3cre", "s3cret")).toBe(false);
    expect(keyMatches("s3cret ", "s3cret")).toBe(false);
    expect(keyMatches("", "s3cret")).toBe(false);
  });
});

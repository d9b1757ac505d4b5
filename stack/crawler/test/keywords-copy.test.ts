import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// Each image builds from its own folder, so keywords.ts exists twice; the copies must not drift.
const code = (path: string) =>
  readFileSync(new URL(path, import.meta.url), "utf8")
    .split("\n")
    .filter((line) => !line.startsWith("//"))
    .join("\n");

describe("keywords.ts copies", () => {
  it("are identical in the api and the crawler (header comments aside)", () => {
    expect(code("../src/keywords.ts")).toBe(code("../../api/src/keywords.ts"));
  });
});

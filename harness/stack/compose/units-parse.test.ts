import { describe, expect, it } from "vitest";
import { parseBytes, parseDurationMs, parseMode, parseRedisBytes, shellSplit } from "./units.ts";

describe("units", () => {
  it("parses compose byte sizes", () => {
    expect([parseBytes("64m"), parseBytes("1g"), parseBytes("512MB"), parseBytes("1.5g"), parseBytes(2048), parseBytes("100k")]).toEqual([
      64 * 1024 ** 2, 1024 ** 3, 512 * 1024 ** 2, 1.5 * 1024 ** 3, 2048, 102_400,
    ]);
    expect(parseBytes("lots")).toBeUndefined();
  });
  it("parses redis sizes (k/m/g decimal, kb/mb/gb binary)", () => {
    expect([parseRedisBytes("100m"), parseRedisBytes("100mb"), parseRedisBytes("1gb"), parseRedisBytes("1024")]).toEqual([1e8, 100 * 1024 ** 2, 1024 ** 3, 1024]);
  });
  it("parses durations to ms", () => {
    expect([parseDurationMs("1m30s"), parseDurationMs("500ms"), parseDurationMs("2h"), parseDurationMs("10"), parseDurationMs("1.5s")]).toEqual([90_000, 500, 7_200_000, 10_000, 1500]);
    expect(parseDurationMs("soon")).toBeUndefined();
  });
  it("reads modes as octal whatever YAML made of them", () => {
    expect([parseMode("1777"), parseMode("0755"), parseMode("0o700")]).toEqual([0o1777, 0o755, 0o700]);
    expect(parseMode("999")).toBeUndefined();
  });
  it("splits commands like a shell", () => {
    expect(shellSplit(`sh -c "echo \\"hi\\" \${X}" 'a b' c\\ d ''`)).toEqual(["sh", "-c", 'echo "hi" ${X}', "a b", "c d", ""]);
  });
});

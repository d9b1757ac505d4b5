import { describe, expect, it } from "vitest";
import { dfCommand, parseDf } from "./tmpfs-usage.ts";

describe("parseDf (the exec fallback for tmpfs usage)", () => {
  const output = [
    "Filesystem     1-blocks     Used Available Capacity Mounted on",
    "tmpfs          33554432 27262976   6291456      82% /var/cache/crawler",
    "tmpfs           8388608        0   8388608       0% /var/log/crawler",
  ].join("\n");

  it("reads size and use of every requested mount in one df call", () => {
    expect(dfCommand(["/var/cache/crawler", "/var/log/crawler"])).toEqual(["df", "-P", "-B1", "/var/cache/crawler", "/var/log/crawler"]);
    expect(parseDf(output, ["/var/cache/crawler", "/var/log/crawler"])).toEqual([
      { mount: "/var/cache/crawler", usedBytes: 27262976, sizeBytes: 33554432, usedRatio: 0.8125 },
      { mount: "/var/log/crawler", usedBytes: 0, sizeBytes: 8388608, usedRatio: 0 },
    ]);
  });

  it("fails on a mount df did not print, rather than reporting it empty", () => {
    expect(() => parseDf(output, ["/data"])).toThrow(/no line for \/data/);
  });
});

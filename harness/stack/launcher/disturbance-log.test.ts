import { describe, expect, it } from "vitest";
import { DisturbanceLog } from "./disturbance-log.ts";

describe("DisturbanceLog", () => {
  it("keeps marked windows, closes a begun one at its end, and ends an open one at the query time", () => {
    const log = new DisturbanceLog();
    log.mark("restart api", 100, 300);
    log.begin("redis", "stop redis", 400);
    log.begin("redis", "SIGKILL redis", 450); // already open: the first start stands
    expect(log.windows(0, 1_000)).toEqual([
      { label: "restart api", startMs: 100, endMs: 300 },
      { label: "stop redis", startMs: 400, endMs: 1_000 },
    ]);
    log.end("redis", 700);
    log.end("redis", 900); // nothing open: no effect
    expect(log.windows(0, 1_000)[1]).toEqual({ label: "stop redis", startMs: 400, endMs: 700 });
  });

  it("returns only the windows that overlap the asked period", () => {
    const log = new DisturbanceLog();
    log.mark("before", 0, 50);
    log.mark("during", 90, 120);
    log.mark("after", 500, 600);
    expect(log.windows(100, 200).map((w) => w.label)).toEqual(["during"]);
  });
});

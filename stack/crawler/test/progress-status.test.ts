import { describe, expect, it } from "vitest";
import { crawlerStatus, healthBody, type Progress } from "../src/progress.ts";

const base: Progress = {
  total: 300,
  ingested: 300,
  redis: "up",
  passes: 3,
  docsWritten: 300,
  reingested: 0,
  consecutiveFailures: 0,
  lastPassAt: "2025-01-01T00:00:00.000Z",
  lastError: null,
  corpusChecksum: "abc",
};

describe("crawlerStatus", () => {
  it("is ready after a pass with every doc present, ingesting before, degraded while Redis is down", () => {
    expect(crawlerStatus(base)).toBe("ready");
    expect(crawlerStatus({ ...base, ingested: 120 })).toBe("ingesting");
    expect(crawlerStatus({ ...base, passes: 0 })).toBe("ingesting");
    expect(crawlerStatus({ ...base, redis: "down" })).toBe("degraded");
  });
});

describe("healthBody", () => {
  it("reports the documented fields, and unwritable dirs as degraded", () => {
    expect(healthBody(base, { cache: undefined, log: undefined }).status).toBe("ready");
    expect(healthBody(base, { cache: undefined, log: "EACCES" })).toMatchObject({
      status: "degraded",
      ingested: 300,
      total: 300,
      redis: "up",
      passes: 3,
      cache_dir: "ok",
      log_dir: "unwritable: EACCES",
    });
  });
});

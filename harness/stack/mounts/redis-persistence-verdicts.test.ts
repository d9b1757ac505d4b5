import { describe, expect, it } from "vitest";
import { judgeAofRewrite, judgeBgsave, parseRedisInfo } from "./redis-persistence-check.ts";
import { judgeRestart } from "./restart-persistence-check.ts";

const info = (fields: Record<string, string>) => parseRedisInfo(`# Persistence\r\n${Object.entries(fields).map(([k, v]) => `${k}:${v}`).join("\r\n")}\r\n`);

describe("judgeBgsave", () => {
  const before = info({ rdb_saves: "0", rdb_last_bgsave_status: "ok" });
  it("passes a completed snapshot with its file", () => {
    const c = judgeBgsave("redis", { before, after: info({ rdb_saves: "1", rdb_last_bgsave_status: "ok" }), lastSaveBefore: 100, lastSaveAfter: 101, files: ["dump.rdb"] });
    expect(c.ok).toBe(true);
  });
  it("fails a snapshot the data dir refused (MISCONF), and one with no file", () => {
    const refused = judgeBgsave("redis", { before, after: info({ rdb_saves: "0", rdb_last_bgsave_status: "err" }), lastSaveBefore: 100, lastSaveAfter: 100, files: [] });
    expect(refused).toMatchObject({ ok: false, found: expect.stringContaining("rdb_last_bgsave_status=err") });
    expect(judgeBgsave("redis", { before, after: info({ rdb_saves: "1", rdb_last_bgsave_status: "ok" }), lastSaveBefore: 1, lastSaveAfter: 2, files: [] }).ok).toBe(false);
  });
});

describe("judgeAofRewrite", () => {
  const before = info({ aof_rewrites: "0", aof_enabled: "1" });
  const files = ["appendonlydir/appendonly.aof.2.base.rdb", "appendonlydir/appendonly.aof.2.incr.aof", "appendonlydir/appendonly.aof.manifest"];
  it("passes a rewrite that left a base file and a manifest", () => {
    expect(judgeAofRewrite("redis", { before, after: info({ aof_rewrites: "1", aof_last_bgrewrite_status: "ok", aof_enabled: "1" }), lastSaveBefore: 0, lastSaveAfter: 0, files }).ok).toBe(true);
  });
  it("fails a rewrite error, a refused command and a missing manifest", () => {
    const after = info({ aof_rewrites: "1", aof_last_bgrewrite_status: "ok" });
    expect(judgeAofRewrite("redis", { before, after: info({ aof_rewrites: "0", aof_last_bgrewrite_status: "err" }), lastSaveBefore: 0, lastSaveAfter: 0, files }).ok).toBe(false);
    expect(judgeAofRewrite("redis", { before, after, lastSaveBefore: 0, lastSaveAfter: 0, files, error: "ERR Background AOF rewriting failed" }).ok).toBe(false);
    expect(judgeAofRewrite("redis", { before, after, lastSaveBefore: 0, lastSaveAfter: 0, files: files.slice(0, 2) }).ok).toBe(false);
  });
});

describe("judgeRestart", () => {
  it("judges a marker that vanished or survived against the expectation", () => {
    const gone = { exitCode: 1, stdout: "" };
    const kept = { exitCode: 0, stdout: "abc" };
    expect(judgeRestart("redis", "/data", "vanishes", "abc", gone).ok).toBe(true);
    expect(judgeRestart("redis", "/data", "vanishes", "abc", kept).ok).toBe(false);
    expect(judgeRestart("redis", "/data", "survives", "abc", kept).ok).toBe(true);
    expect(judgeRestart("redis", "/data", "survives", "abc", gone).ok).toBe(false);
    expect(judgeRestart("redis", "/data", "survives", "abc", { exitCode: 0, stdout: "other" }).ok).toBe(false);
  });
});

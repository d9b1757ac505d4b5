// Redis must be able to snapshot (BGSAVE) and rewrite its AOF (BGREWRITEAOF) into its data directory:
// a data dir its UID cannot write gives MISCONF and silent loss of durability.
import { Redis } from "ioredis";
import type { StartedStack } from "../launcher/started-stack.ts";
import { waitUntil } from "../../util/wait-until.ts";
import type { MountCheck } from "./mount-check.ts";

export type RedisInfo = Record<string, string>;

export function parseRedisInfo(text: string): RedisInfo {
  return Object.fromEntries(text.split(/\r?\n/).filter((l) => l.includes(":") && !l.startsWith("#")).map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1)]));
}

export interface SaveOutcome {
  before: RedisInfo;
  after: RedisInfo;
  lastSaveBefore: number;
  lastSaveAfter: number;
  files: string[];
  error?: string;
}

export function judgeBgsave(service: string, o: SaveOutcome): MountCheck {
  const saves = Number(o.after.rdb_saves ?? NaN) - Number(o.before.rdb_saves ?? NaN);
  const rdb = o.after.rdb_filename_in_dir ?? "dump.rdb";
  const ok = !o.error && o.after.rdb_last_bgsave_status === "ok" && saves >= 1 && o.lastSaveAfter >= o.lastSaveBefore && o.files.includes(rdb);
  return {
    check: "redis-bgsave",
    service,
    ok,
    found: `${o.error ? `error: ${o.error}; ` : ""}rdb_last_bgsave_status=${o.after.rdb_last_bgsave_status}, rdb_saves +${saves}, LASTSAVE ${o.lastSaveBefore} -> ${o.lastSaveAfter}, files: ${o.files.join(" ") || "none"}`,
  };
}

export function judgeAofRewrite(service: string, o: SaveOutcome): MountCheck {
  const rewrites = Number(o.after.aof_rewrites ?? NaN) - Number(o.before.aof_rewrites ?? NaN);
  const ok = !o.error && o.after.aof_last_bgrewrite_status === "ok" && rewrites >= 1 && o.files.some((f) => /\.base\.(rdb|aof)$/.test(f)) && o.files.some((f) => /\.manifest$/.test(f));
  return {
    check: "redis-bgrewriteaof",
    service,
    ok,
    found: `${o.error ? `error: ${o.error}; ` : ""}aof_enabled=${o.after.aof_enabled}, aof_last_bgrewrite_status=${o.after.aof_last_bgrewrite_status}, aof_rewrites +${rewrites}, files: ${o.files.join(" ") || "none"}`,
  };
}

export interface RedisTarget {
  stack: StartedStack;
  service: string;
  port: number;
  password: string;
  username?: string;
  timeoutMs: number;
}

async function listDataDir(t: RedisTarget, dir: string): Promise<string[]> {
  const r = await t.stack.exec(t.service, ["sh", "-c", 'cd "$1" && find . -type f | sed "s|^\\./||"', "ls", dir]);
  return r.exitCode === 0 ? r.stdout.split("\n").filter(Boolean).sort() : [];
}

async function persist(t: RedisTarget, redis: Redis, command: "bgsave" | "bgrewriteaof", busy: (i: RedisInfo) => boolean): Promise<SaveOutcome & { dir: string }> {
  const dir = ((await redis.call("config", "get", "dir")) as string[])[1] ?? "";
  await redis.set(`xnai:mount-check:${command}`, Date.now().toString());
  const before = parseRedisInfo(await redis.info("persistence"));
  const lastSaveBefore = Number(await redis.lastsave());
  let error: string | undefined;
  try {
    await redis.call(command);
  } catch (err) {
    error = (err as Error).message;
  }
  const after = await waitUntil(async () => {
    const info = parseRedisInfo(await redis.info("persistence"));
    return busy(info) ? undefined : info;
  }, { timeoutMs: t.timeoutMs, intervalMs: 100, what: `${t.service} ${command} to finish` });
  const lastSaveAfter = Number(await redis.lastsave());
  return { dir, before, after, lastSaveBefore, lastSaveAfter, files: await listDataDir(t, dir), error };
}

export async function checkRedisPersistence(t: RedisTarget): Promise<MountCheck[]> {
  const { host, port } = t.stack.address(t.service, t.port);
  const redis = new Redis({ host, port, password: t.password, username: t.username, lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  await redis.connect();
  try {
    const save = await persist(t, redis, "bgsave", (i) => i.rdb_bgsave_in_progress !== "0");
    const rewrite = await persist(t, redis, "bgrewriteaof", (i) => i.aof_rewrite_in_progress !== "0" || i.aof_rewrite_scheduled !== "0");
    const inDir = (c: MountCheck, dir: string) => ({ ...c, check: `${c.check} ${dir}` });
    return [inDir(judgeBgsave(t.service, save), save.dir), inDir(judgeAofRewrite(t.service, rewrite), rewrite.dir)];
  } finally {
    redis.disconnect();
  }
}

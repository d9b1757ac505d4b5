import { describe, expect, it } from "vitest";
import { memoryCgroupIsContainers, parseProcStat, processStartTime, readProcessTree } from "./process-tree.ts";

describe("process tree usage from /proc", () => {
  it("parses CPU ticks and resident pages after a command name with spaces and parentheses", () => {
    const stat = "42 (node (worker) x) S 1 42 42 0 -1 4194560 100 0 0 0 250 50 10 5 20 0 11 0 500 1000000 300 18446744073709551615";
    expect(parseProcStat(stat)).toEqual({ cpuMs: 3150, rssBytes: 300 * 4096 });
  });

  it("reads this process: resident memory and CPU time, and a pid that does not exist as unknown", async () => {
    const usage = await readProcessTree(process.pid);
    expect(usage?.processes).toBeGreaterThanOrEqual(1);
    expect(usage?.rssBytes).toBeGreaterThan(10 * 1024 * 1024);
    expect(await readProcessTree(0)).toBeUndefined();
    expect(await readProcessTree(2 ** 22 + 1)).toBeUndefined();
  });

  it("does not take a cgroup that is not named after the container as the container's", async () => {
    expect(await memoryCgroupIsContainers(process.pid, "0123456789abcdef0123")).toBe(false);
    expect(await memoryCgroupIsContainers(2 ** 22 + 1, "0123456789abcdef")).toBeUndefined();
  });

  it("reads a process's kernel start time, the same on every read, and none for a pid that does not exist", async () => {
    const first = await processStartTime(process.pid);
    expect(first).toBeGreaterThan(0);
    expect(await processStartTime(process.pid)).toBe(first);
    expect(await processStartTime(1)).toBeLessThanOrEqual(first!);
    expect(await processStartTime(2 ** 22 + 1)).toBeUndefined();
  });
});

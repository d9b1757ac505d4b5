import { describe, expect, it } from "vitest";
import { overCommitted, sizingMarkdown, type SizingRow } from "./tmpfs-sizing.ts";
import { parseDf } from "./tmpfs-usage.ts";

const MiB = 1024 * 1024;
const row = (service: string, limit: number | null, resident: number, tmpfs: number): SizingRow => ({
  service,
  memoryLimitBytes: limit,
  residentBytes: resident,
  tmpfs: [{ path: "/tmp", sizeBytes: tmpfs, usedBytes: 0 }],
  tmpfsTotalBytes: tmpfs,
  worstCaseRatio: limit ? (resident + tmpfs) / limit : null,
});

describe("tmpfs sizing", () => {
  it("flags a service whose full tmpfs plus resident set passes its memory limit", () => {
    expect(overCommitted([row("ok", 256 * MiB, 40 * MiB, 64 * MiB), row("big", 128 * MiB, 60 * MiB, 96 * MiB), row("nolimit", null, 1, 1)])).toEqual(["big: 1.22 x limit"]);
    expect(overCommitted([row("tight", 128 * MiB, 80 * MiB, 40 * MiB)], 0.9)).toEqual(["tight: 0.94 x limit"]);
    expect(sizingMarkdown([row("big", 128 * MiB, 60 * MiB, 96 * MiB)])).toMatch(/\| big \| 128\.0 \| 60\.0 \|/);
  });

  it("parses df -P -B1", () => {
    expect(parseDf("Filesystem 1-blocks Used Available Capacity Mounted on\ntmpfs 67108864 4096 67104768 1% /data\n")).toEqual({ sizeBytes: 67108864, usedBytes: 4096, availBytes: 67104768 });
    expect(() => parseDf("garbage")).toThrow(/unexpected df output/);
  });
});

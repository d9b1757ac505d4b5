import { describe, expect, it } from "vitest";
import { parseSnapshot } from "./live-mount-checks.ts";

describe("parseSnapshot", () => {
  it("splits uid, stat modes, /proc/mounts and uid_map", () => {
    const out = [
      "10001", "--xnai-snapshot--", "1777 /data", "755 /with space", "--xnai-snapshot--",
      "tmpfs /data tmpfs rw,size=65536k 0 0", "--xnai-snapshot--", "         0       1001          1", "",
    ].join("\n");
    const s = parseSnapshot(out);
    expect(s.uid).toBe("10001");
    expect(s.modes).toEqual({ "/data": 0o1777, "/with space": 0o755 });
    expect(s.mounts.map((m) => m.target)).toEqual(["/data"]);
    expect(s.uidMap.trim()).toBe("0       1001          1");
  });

  it("has no modes when no path was asked for", () => {
    expect(parseSnapshot("0\n--xnai-snapshot--\n--xnai-snapshot--\n--xnai-snapshot--\n0 0 4294967295\n").modes).toEqual({});
  });
});

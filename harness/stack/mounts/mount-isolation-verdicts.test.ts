import { describe, expect, it } from "vitest";
import { checkMountOverlap, liveMounts } from "./overlap-check.ts";
import { checkRootNotHostRoot } from "./root-mapping-check.ts";

const inspect = (tmpfs: string[], mounts: Array<[string, string]>) =>
  ({ HostConfig: { Tmpfs: Object.fromEntries(tmpfs.map((t) => [t, "rw"])) }, Mounts: mounts.map(([Type, Destination]) => ({ Type, Destination })) }) as never;

describe("checkMountOverlap", () => {
  it("passes separate tmpfs and volume paths, including a sibling with a common prefix", () => {
    expect(checkMountOverlap("redis", liveMounts(inspect(["/data", "/tmp"], [["volume", "/data2"], ["bind", "/etc/conf"]]))).ok).toBe(true);
  });

  it("fails a tmpfs and a volume at the same path", () => {
    expect(checkMountOverlap("redis", liveMounts(inspect(["/data/"], [["volume", "/data"]])))).toMatchObject({ ok: false, found: "tmpfs and volume both at /data" });
  });

  it("fails a volume nested in a tmpfs and a tmpfs nested in a bind mount", () => {
    expect(checkMountOverlap("redis", liveMounts(inspect(["/data"], [["volume", "/data/appendonlydir"]]))).found).toBe("tmpfs /data and volume /data/appendonlydir are nested");
    expect(checkMountOverlap("api", liveMounts(inspect(["/srv/cache"], [["bind", "/srv"]]))).ok).toBe(false);
  });
});

describe("checkRootNotHostRoot", () => {
  it("passes a rootless mapping (container root is the engine user)", () => {
    expect(checkRootNotHostRoot("redis", "         0       1001          1\n         1     100000      65536\n")).toMatchObject({ ok: true, found: expect.stringContaining("host uid 1001") });
  });

  it("fails the identity mapping of a rootful engine and an empty map", () => {
    expect(checkRootNotHostRoot("redis", "         0          0 4294967295\n")).toMatchObject({ ok: false, found: expect.stringContaining("host uid 0") });
    expect(checkRootNotHostRoot("redis", "").ok).toBe(false);
  });
});

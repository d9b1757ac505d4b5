import { describe, expect, it } from "vitest";
import { checkTmpfsMounted, checkTmpfsWritable, type DeclaredTmpfs } from "./tmpfs-checks.ts";
import { parseProcMounts } from "./proc-mounts.ts";

const procMounts = [
  "overlay / overlay ro,relatime,lowerdir=/a:/b 0 0",
  "tmpfs /data tmpfs rw,nosuid,nodev,relatime,size=65536k,mode=755,uid=1001,gid=1001 0 0",
  "tmpfs /var/lib/redis-acl tmpfs rw,nosuid,nodev,relatime,size=1024k,mode=1777 0 0",
  "/dev/vda /etc/with\\040space ext4 rw 0 0",
].join("\n");
const data: DeclaredTmpfs = { target: "/data", sizeBytes: 64 * 1024 * 1024, mode: 0o1777, readOnly: false };
const acl: DeclaredTmpfs = { target: "/var/lib/redis-acl", sizeBytes: 1024 * 1024, mode: 0o1777, readOnly: false };

describe("parseProcMounts", () => {
  it("reads fields, options and escaped paths", () => {
    const m = parseProcMounts(procMounts);
    expect(m[1]).toMatchObject({ target: "/data", fstype: "tmpfs", options: { size: "65536k", mode: "755", rw: true } });
    expect(m[3]?.target).toBe("/etc/with space");
  });
});

describe("checkTmpfsMounted", () => {
  it("passes when every declared tmpfs is mounted with its size and (stat) mode", () => {
    const checks = checkTmpfsMounted("redis", [data, acl], parseProcMounts(procMounts), { "/data": 0o1777, "/var/lib/redis-acl": 0o1777 });
    expect(checks.map((c) => [c.check, c.ok])).toEqual([
      ["tmpfs-mounted /data", true], ["tmpfs-size /data", true], ["tmpfs-mode /data", true],
      ["tmpfs-mounted /var/lib/redis-acl", true], ["tmpfs-size /var/lib/redis-acl", true], ["tmpfs-mode /var/lib/redis-acl", true],
    ]);
  });

  it("fails a missing tmpfs, a path served by another filesystem, a wrong size and a wrong mode", () => {
    const missing = checkTmpfsMounted("svc", [{ ...data, target: "/cache" }], parseProcMounts(procMounts), {});
    expect(missing).toEqual([{ check: "tmpfs-mounted /cache", service: "svc", ok: false, found: "nothing mounted at /cache" }]);
    const notTmpfs = checkTmpfsMounted("svc", [{ ...data, target: "/etc/with space" }], parseProcMounts(procMounts), {});
    expect(notTmpfs[0]).toMatchObject({ ok: false, found: "ext4 at /etc/with space" });
    const size = checkTmpfsMounted("svc", [{ ...data, sizeBytes: 32 * 1024 * 1024 }], parseProcMounts(procMounts), { "/data": 0o1777 });
    expect(size.find((c) => c.check.startsWith("tmpfs-size"))?.ok).toBe(false);
    const mode = checkTmpfsMounted("svc", [{ ...data, mode: 0o755 }], parseProcMounts(procMounts), { "/data": 0o1777 });
    expect(mode.find((c) => c.check.startsWith("tmpfs-mode"))).toMatchObject({ ok: false, found: "mode 1777, declared 0755" });
  });

  it("fails a tmpfs declared with a size that has none", () => {
    const unlimited = parseProcMounts("tmpfs /data tmpfs rw,nosuid 0 0");
    expect(checkTmpfsMounted("svc", [data], unlimited, { "/data": 0o1777 }).find((c) => c.check.startsWith("tmpfs-size"))?.ok).toBe(false);
  });
});

describe("checkTmpfsWritable", () => {
  it("passes a successful probe and fails a refused or missing one, skipping read-only mounts", () => {
    const checks = checkTmpfsWritable("redis", [data, acl, { ...acl, target: "/ro", readOnly: true }], [
      { target: "/data", uid: "10001", exitCode: 0, output: "" },
      { target: "/var/lib/redis-acl", uid: "10001", exitCode: 1, output: "sh: 1: cannot create /var/lib/redis-acl/x: Permission denied\n" },
    ]);
    expect(checks.map((c) => [c.check, c.ok])).toEqual([["tmpfs-writable /data", true], ["tmpfs-writable /var/lib/redis-acl", false]]);
    expect(checks[1]?.found).toMatch(/uid 10001: exit 1 .*Permission denied/);
    expect(checkTmpfsWritable("redis", [data], [])[0]).toMatchObject({ ok: false, found: "not probed" });
  });
});

// Each least-privilege verdict on synthetic input: the failing case is what a broken stack shows.
import { describe, expect, it } from "vitest";
import { judgeCapabilities, judgeNoNewPrivileges, judgeNonRoot, judgePrivileged, judgeReadOnlyRoot, judgeTmpfsFlags, judgeUserNamespace } from "./privilege-judges.ts";
import { parseMounts, parseStatus } from "./proc-parse.ts";

const status = (uid: number, capEff = "0000000000000000", nnp = 1) => parseStatus(`Uid:\t${uid}\t${uid}\t${uid}\t${uid}\nCapEff:\t${capEff}\nNoNewPrivs:\t${nnp}\n`);

describe("least-privilege verdicts", () => {
  it("userns-remap fails on a rootful engine (UID 0 is host root)", () => {
    expect(judgeUserNamespace("api", "0 1001 1\n1 100000 65536").ok).toBe(true);
    const rootful = judgeUserNamespace("api", "         0          0 4294967295");
    expect(rootful).toMatchObject({ ok: false, check: "userns-remap", found: "container UID 0 maps to host UID 0" });
  });

  it("non-root-user fails on any root signal", () => {
    expect(judgeNonRoot("api", "10001\n", "10001:10001", status(10001)).ok).toBe(true);
    expect(judgeNonRoot("api", "0\n", "0:0", status(0)).ok).toBe(false);
    expect(judgeNonRoot("api", "10001", "", status(10001)).ok).toBe(false);
    expect(judgeNonRoot("api", "10001", "10001", status(0)).ok).toBe(false);
  });

  it("not-privileged and capabilities", () => {
    expect(judgePrivileged("api", true).ok).toBe(false);
    expect(judgePrivileged("api", false).ok).toBe(true);
    expect(judgeCapabilities("api", status(10001), []).ok).toBe(true);
    expect(judgeCapabilities("api", status(10001, "0000000000002000"), []).found).toContain("NET_RAW");
    expect(judgeCapabilities("api", status(10001, "0000000000002000"), []).ok).toBe(false);
    expect(judgeCapabilities("api", status(10001, "0000000000002000"), ["CAP_NET_RAW"]).ok).toBe(true);
    expect(judgeCapabilities("api", parseStatus(""), []).ok).toBe(false);
  });

  it("no-new-privileges", () => {
    expect(judgeNoNewPrivileges("api", status(10001, undefined, 1)).ok).toBe(true);
    expect(judgeNoNewPrivileges("api", status(10001, undefined, 0)).ok).toBe(false);
  });

  it("read-only-rootfs needs the flag, an ro mount and refused writes", () => {
    const ro = parseMounts("overlay / overlay ro,relatime 0 0")[0];
    const rw = parseMounts("overlay / overlay rw,relatime 0 0")[0];
    const refused = "/ /bin/sh: 1: cannot create /.p: Read-only file system\n/etc /bin/sh: 1: cannot create /etc/.p: Read-only file system\n";
    expect(judgeReadOnlyRoot("api", true, ro, refused).ok).toBe(true);
    expect(judgeReadOnlyRoot("api", false, rw, "/ writable\n/etc writable\n").ok).toBe(false);
    expect(judgeReadOnlyRoot("api", true, ro, "/ writable\n/etc /bin/sh: 1: cannot create /etc/.p: Read-only file system\n").ok).toBe(false);
    expect(judgeReadOnlyRoot("api", true, ro, "").ok).toBe(false);
  });

  it("tmpfs-nosuid-nodev ignores runtime pseudo mounts, flags the stack's tmpfs", () => {
    const good = parseMounts("tmpfs /dev tmpfs rw,nosuid,noexec 0 0\ntmpfs /tmp tmpfs rw,nosuid,nodev 0 0\n");
    expect(judgeTmpfsFlags("api", good).ok).toBe(true);
    const bad = parseMounts("tmpfs /data tmpfs rw,nosuid 0 0\ntmpfs /tmp tmpfs rw,nodev 0 0\n");
    const r = judgeTmpfsFlags("redis", bad);
    expect(r.ok).toBe(false);
    expect(r.found).toContain("/data");
    expect(r.found).toContain("/tmp");
  });
});

import { describe, expect, it } from "vitest";
import { decodeCapabilities, hostUidOf, mountOf, parseMounts, parseStatus } from "./proc-parse.ts";

describe("proc parsers", () => {
  it("decodes a CapEff bitmask into capability names", () => {
    expect(decodeCapabilities("0000000000000000")).toEqual([]);
    expect(decodeCapabilities("0000000000002000")).toEqual(["NET_RAW"]);
    expect(decodeCapabilities("00000000a80425fb")).toEqual(["CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP", "NET_BIND_SERVICE", "NET_RAW", "SYS_CHROOT", "MKNOD", "AUDIT_WRITE", "SETFCAP"]);
  });

  it("maps container UID 0 through uid_map", () => {
    expect(hostUidOf("         0       1001          1\n         1     100000      65536\n", 0)).toBe(1001);
    expect(hostUidOf("         0       1001          1\n         1     100000      65536\n", 10001)).toBe(110000);
    expect(hostUidOf("         0          0 4294967295\n", 0)).toBe(0);
    expect(hostUidOf("         1     100000      65536\n", 0)).toBeUndefined();
  });

  it("reads uids, capabilities and no_new_privs from /proc/<pid>/status", () => {
    const s = parseStatus("Name:\tnode\nUid:\t10001\t10001\t10001\t10001\nCapEff:\t0000000000000000\nCapBnd:\t0000000000002000\nNoNewPrivs:\t1\n");
    expect(s).toEqual({ uids: [10001, 10001, 10001, 10001], capEff: "0000000000000000", capBnd: "0000000000002000", noNewPrivs: 1 });
    expect(parseStatus("Name:\tx\n").noNewPrivs).toBeUndefined();
  });

  it("parses /proc/mounts and finds the mount holding a path", () => {
    const mounts = parseMounts("overlay / overlay ro,relatime 0 0\ntmpfs /run tmpfs rw,nosuid,nodev 0 0\ntmpfs /run/a\\040b tmpfs rw 0 0\n");
    expect(mounts[2]!.target).toBe("/run/a b");
    expect(mountOf(mounts, "/run/secrets/api_key")?.target).toBe("/run");
    expect(mountOf(mounts, "/etc/passwd")?.target).toBe("/");
    expect(mountOf(mounts, "/running")?.target).toBe("/");
  });
});

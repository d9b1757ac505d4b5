// Verdicts of the least-privilege checks, from what was read in a container (pure, unit-tested).
import { result, type CheckResult } from "./check-result.ts";
import { capabilityName, decodeCapabilities, hostUidOf, type MountEntry, type ProcStatus } from "./proc-parse.ts";

export function judgeUserNamespace(service: string, uidMap: string): CheckResult {
  const host = hostUidOf(uidMap, 0);
  const found = host === undefined ? `container UID 0 is not mapped (uid_map: ${uidMap.trim().replace(/\s+/g, " ") || "empty"})` : `container UID 0 maps to host UID ${host}`;
  return result("userns-remap", service, host !== undefined && host !== 0, found, "container UID 0 mapped to an unprivileged host UID (rootless user namespace)");
}

const isRootUser = (user: string) => {
  const name = user.split(":")[0]!.trim();
  return name === "" || name === "0" || name === "root";
};

export function judgeNonRoot(service: string, execUid: string, configUser: string, status: ProcStatus): CheckResult {
  const pid1Root = status.uids.length === 0 || status.uids.some((u) => u === 0);
  const ok = execUid.trim() !== "" && execUid.trim() !== "0" && !isRootUser(configUser) && !pid1Root;
  return result(
    "non-root-user",
    service,
    ok,
    `id -u=${execUid.trim() || "?"}, Config.User=${configUser || "(empty: root)"}, PID 1 uids=${status.uids.join("/") || "?"}`,
    "a non-zero UID everywhere",
  );
}

export function judgePrivileged(service: string, privileged: boolean | undefined): CheckResult {
  return result("not-privileged", service, privileged !== true, `HostConfig.Privileged=${privileged ?? false}`, "Privileged=false");
}

export function judgeCapabilities(service: string, status: ProcStatus, allow: readonly string[]): CheckResult {
  const names = decodeCapabilities(status.capEff);
  const allowed = new Set(allow.map(capabilityName));
  const extra = names.filter((n) => !allowed.has(n));
  return result(
    "capabilities",
    service,
    status.capEff !== "" && extra.length === 0,
    status.capEff === "" ? "CapEff not readable" : `CapEff=${status.capEff} [${names.join(",") || "none"}]`,
    allowed.size ? `effective capabilities within [${[...allowed].join(",")}]` : "no effective capabilities",
  );
}

export function judgeNoNewPrivileges(service: string, status: ProcStatus): CheckResult {
  return result("no-new-privileges", service, status.noNewPrivs === 1, `NoNewPrivs=${status.noNewPrivs ?? "?"}`, "NoNewPrivs=1");
}

/** `writeProbe`: one line per directory tried, "<dir> writable" or "<dir> <error>". */
export function judgeReadOnlyRoot(service: string, readonlyRootfs: boolean | undefined, rootMount: MountEntry | undefined, writeProbe: string): CheckResult {
  const lines = writeProbe.trim().split("\n").filter(Boolean);
  const refused = lines.length > 0 && lines.every((l) => /read-only file system/i.test(l));
  const mountRo = rootMount?.options.includes("ro") ?? false;
  return result(
    "read-only-rootfs",
    service,
    readonlyRootfs === true && mountRo && refused,
    `ReadonlyRootfs=${readonlyRootfs ?? false}, / mounted ${mountRo ? "ro" : "rw"}, writes: ${lines.map((l) => `${l.split(" ")[0]} ${l.split(": ").pop()}`).join("; ") || "no probe output"}`,
    "ReadonlyRootfs=true, / mounted ro, writes to / and /etc fail with EROFS",
  );
}

/** Runtime-managed pseudo mounts (/dev must allow device nodes) are not the stack's tmpfs. */
const runtimeManaged = (target: string) => /^\/(dev|proc|sys)(\/|$)/.test(target);

export function judgeTmpfsFlags(service: string, mounts: readonly MountEntry[]): CheckResult {
  const tmpfs = mounts.filter((m) => m.fstype === "tmpfs" && !runtimeManaged(m.target));
  const bad = tmpfs.filter((m) => !m.options.includes("nosuid") || !m.options.includes("nodev"));
  return result(
    "tmpfs-nosuid-nodev",
    service,
    bad.length === 0,
    bad.length ? `without nosuid/nodev: ${bad.map((m) => `${m.target} (${m.options.join(",")})`).join("; ")}` : `${tmpfs.length} tmpfs mounts all nosuid,nodev (${tmpfs.map((m) => m.target).join(", ")})`,
    "every tmpfs mounted nosuid,nodev",
  );
}

// Parsers for what the checks read inside containers: /proc/<pid>/uid_map, /proc/<pid>/status, /proc/mounts.

/** Linux capability numbers (include/uapi/linux/capability.h), index = bit. */
export const CAPABILITY_NAMES = [
  "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
  "LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
  "SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
  "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
  "MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
  "CHECKPOINT_RESTORE",
] as const;

export function decodeCapabilities(hexMask: string): string[] {
  const mask = BigInt(`0x${hexMask.trim() || "0"}`);
  const names: string[] = [];
  for (let bit = 0n; mask >> bit > 0n; bit++) {
    if ((mask >> bit) & 1n) names.push(CAPABILITY_NAMES[Number(bit)] ?? `CAP_${bit}`);
  }
  return names;
}

/** Normalizes "CAP_NET_RAW" / "net_raw" to "NET_RAW". */
export function capabilityName(name: string): string {
  return name.trim().toUpperCase().replace(/^CAP_/, "");
}

/** Host UID that a container UID maps to through uid_map lines "inside outside length"; undefined if unmapped. */
export function hostUidOf(uidMap: string, containerUid: number): number | undefined {
  for (const line of uidMap.split("\n")) {
    const [inside, outside, length] = line.trim().split(/\s+/).map(Number);
    if (inside === undefined || outside === undefined || length === undefined || [inside, outside, length].some(Number.isNaN)) continue;
    if (containerUid >= inside && containerUid < inside + length) return outside + (containerUid - inside);
  }
  return undefined;
}

export interface ProcStatus {
  uids: number[];
  capEff: string;
  capBnd: string;
  noNewPrivs: number | undefined;
}

export function parseStatus(text: string): ProcStatus {
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, "m").exec(text)?.[1]?.trim();
  const nnp = field("NoNewPrivs");
  return {
    uids: (field("Uid") ?? "").split(/\s+/).filter(Boolean).map(Number),
    capEff: field("CapEff") ?? "",
    capBnd: field("CapBnd") ?? "",
    noNewPrivs: nnp === undefined ? undefined : Number(nnp),
  };
}

export interface MountEntry {
  source: string;
  target: string;
  fstype: string;
  options: string[];
}

/** /proc/mounts escapes spaces and tabs in paths as octal (\040). */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

export function parseMounts(text: string): MountEntry[] {
  return text
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([source, target, fstype, options]) => ({ source: unescape(source!), target: unescape(target!), fstype: fstype!, options: options!.split(",") }));
}

/** The mount that holds `path`: the last mounted entry with the longest matching target. */
export function mountOf(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const m of mounts) {
    const t = m.target === "/" ? "/" : `${m.target.replace(/\/$/, "")}/`;
    if ((path === m.target || path.startsWith(t) || t === "/") && (!best || m.target.length >= best.target.length)) best = m;
  }
  return best;
}

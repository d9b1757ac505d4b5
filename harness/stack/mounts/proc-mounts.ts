// /proc/mounts and /proc/self/uid_map as read inside a container.

export interface ProcMount {
  source: string;
  target: string;
  fstype: string;
  options: Record<string, string | true>;
}

// The kernel escapes space, tab, newline and backslash in mount paths as octal.
const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));

export function parseProcMounts(text: string): ProcMount[] {
  return text
    .split("\n")
    .map((line) => line.trim().split(/\s+/))
    .filter((f) => f.length >= 4)
    .map(([source = "", target = "", fstype = "", opts = ""]) => ({
      source: unescape(source),
      target: unescape(target),
      fstype,
      options: Object.fromEntries(opts.split(",").map((o) => {
        const eq = o.indexOf("=");
        return eq < 0 ? [o, true] : [o.slice(0, eq), o.slice(eq + 1)];
      })),
    }));
}

/** The mount that serves `target` (the last one mounted there wins). */
export function mountAt(mounts: readonly ProcMount[], target: string): ProcMount | undefined {
  return mounts.filter((m) => m.target === target).at(-1);
}

/** tmpfs `size=` as the kernel reports it (e.g. 65536k), in bytes. */
export function tmpfsSizeBytes(m: ProcMount): number | undefined {
  const raw = m.options.size;
  if (typeof raw !== "string") return undefined;
  const match = /^(\d+)([kmg]?)$/i.exec(raw);
  if (!match) return undefined;
  const unit = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as "" | "k" | "m" | "g"];
  return Number(match[1]) * unit;
}

export interface UidMapLine {
  inside: number;
  outside: number;
  count: number;
}

export function parseUidMap(text: string): UidMapLine[] {
  return text
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number))
    .filter((f) => f.length === 3 && f.every(Number.isFinite))
    .map(([inside, outside, count]) => ({ inside: inside!, outside: outside!, count: count! }));
}

import { homedir } from "node:os";
import { isAbsolute, resolve } from "node:path";
import type { Mount } from "./model.ts";
import { parseBytes, parseMode } from "./units.ts";

export const VOLUME_OPTIONS = new Set([
  "ro", "rw", "z", "Z", "U", "nocopy", "copy", "cached", "delegated", "consistent",
  "shared", "rshared", "slave", "rslave", "private", "rprivate", "O", "noexec", "exec", "nosuid", "suid", "nodev", "dev",
]);

export type ParsedMount = { mount: Mount; problems: string[] };

export function isHostPath(source: string): boolean {
  return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
}

export function resolveHostPath(dir: string, source: string): string {
  if (source === "~" || source.startsWith("~/")) return resolve(homedir(), source.slice(2));
  return isAbsolute(source) ? resolve(source) : resolve(dir, source);
}

function base(line: number, origin: Mount["origin"], raw: string): Mount {
  return {
    kind: "volume", source: undefined, target: "", readOnly: false, relabel: undefined, chown: false, options: [],
    tmpfsSizeBytes: undefined, tmpfsMode: undefined, origin, raw, line,
  };
}

/** Short volume syntax `src:dst[:opts]`, `dst` (anonymous) with opts among ro,rw,z,Z,U,... */
export function parseShortVolume(spec: string, dir: string, line: number): ParsedMount {
  const m = base(line, "volumes-short", spec);
  const problems: string[] = [];
  const parts = spec.split(":");
  if (parts.length > 3) problems.push(`volume "${spec}" has ${parts.length} ":"-separated parts; use source:target[:options]`);
  const [a = "", b, c] = parts;
  if (b === undefined) {
    m.target = a;
  } else {
    m.source = a;
    m.target = b;
  }
  if (c !== undefined) m.options = c.split(",").filter((o) => o !== "");
  for (const o of m.options) {
    if (!VOLUME_OPTIONS.has(o)) problems.push(`volume "${spec}" has unknown option "${o}"; valid: ro, rw, z, Z, U (comma-separated)`);
  }
  applyOptions(m);
  if (m.source === undefined || m.source === "") {
    m.kind = "volume";
    m.source = undefined;
  } else if (isHostPath(m.source)) {
    m.kind = "bind";
    m.source = resolveHostPath(dir, m.source);
  } else {
    m.kind = "volume";
  }
  if (!m.target.startsWith("/")) problems.push(`volume "${spec}": target "${m.target}" must be an absolute container path`);
  return { mount: m, problems };
}

function applyOptions(m: Mount): void {
  for (const o of m.options) {
    if (o === "ro") m.readOnly = true;
    else if (o === "rw") m.readOnly = false;
    else if (o === "z" || o === "Z") m.relabel = o;
    else if (o === "U") m.chown = true;
  }
}

/** Service-level `tmpfs: - /path:size=64m,mode=1777`. */
export function parseShortTmpfs(spec: string, line: number): ParsedMount {
  const m = base(line, "tmpfs", spec);
  m.kind = "tmpfs";
  const problems: string[] = [];
  const colon = spec.indexOf(":");
  m.target = colon < 0 ? spec : spec.slice(0, colon);
  m.options = colon < 0 ? [] : spec.slice(colon + 1).split(",").filter((o) => o !== "");
  for (const o of m.options) {
    const [k, v] = o.split("=", 2) as [string, string | undefined];
    if (k === "size" && v !== undefined) {
      m.tmpfsSizeBytes = parseBytes(v);
      if (m.tmpfsSizeBytes === undefined) problems.push(`tmpfs "${spec}": size "${v}" is not a size such as 64m`);
    } else if (k === "mode" && v !== undefined) {
      m.tmpfsMode = parseMode(v);
      if (m.tmpfsMode === undefined) problems.push(`tmpfs "${spec}": mode "${v}" is not an octal mode such as 1777`);
    } else if (k === "ro") {
      m.readOnly = true;
    }
  }
  if (!m.target.startsWith("/")) problems.push(`tmpfs "${spec}": target must be an absolute container path`);
  return { mount: m, problems };
}

export function emptyMount(line: number, raw: string): Mount {
  return base(line, "volumes-long", raw);
}

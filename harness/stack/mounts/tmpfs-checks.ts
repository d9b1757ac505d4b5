// Declared tmpfs mounts against what is mounted in the running container: present, sized, moded,
// and writable by the UID the service really runs as.
import type { ServiceModel } from "../compose/index.ts";
import type { MountCheck } from "./mount-check.ts";
import { mountAt, tmpfsSizeBytes, type ProcMount } from "./proc-mounts.ts";

export interface DeclaredTmpfs {
  target: string;
  sizeBytes: number | undefined;
  mode: number | undefined;
  readOnly: boolean;
}

export function declaredTmpfs(svc: ServiceModel): DeclaredTmpfs[] {
  return svc.mounts
    .filter((m) => m.kind === "tmpfs")
    .map((m) => ({ target: m.target, sizeBytes: m.tmpfsSizeBytes, mode: m.tmpfsMode, readOnly: m.readOnly }));
}

const pageBytes = 4096;
const roundToPage = (n: number) => Math.ceil(n / pageBytes) * pageBytes;
const octal = (mode: number) => mode.toString(8).padStart(4, "0");

/**
 * `modes` maps each path to its permission bits as `stat` shows them: runc keeps the mode of a
 * directory that exists in the image, whatever `mode=` says, so the mount options alone can mislead.
 */
export function checkTmpfsMounted(service: string, declared: readonly DeclaredTmpfs[], mounts: readonly ProcMount[], modes: Readonly<Record<string, number>>): MountCheck[] {
  return declared.flatMap((d) => {
    const m = mountAt(mounts, d.target);
    const mounted: MountCheck = { check: `tmpfs-mounted ${d.target}`, service, ok: m?.fstype === "tmpfs", found: m ? `${m.fstype} at ${d.target}` : `nothing mounted at ${d.target}` };
    if (!mounted.ok || !m) return [mounted];
    const out = [mounted];
    if (d.sizeBytes !== undefined) {
      const size = tmpfsSizeBytes(m);
      out.push({ check: `tmpfs-size ${d.target}`, service, ok: size === roundToPage(d.sizeBytes), found: `size ${size ?? "unlimited (no size=)"} bytes, declared ${d.sizeBytes}` });
    }
    if (d.mode !== undefined) {
      const actual = modes[d.target];
      out.push({ check: `tmpfs-mode ${d.target}`, service, ok: actual === d.mode, found: `mode ${actual === undefined ? "unknown" : octal(actual)}, declared ${octal(d.mode)}` });
    }
    return out;
  });
}

export interface WriteProbe {
  target: string;
  uid: string;
  exitCode: number;
  output: string;
}

export function checkTmpfsWritable(service: string, declared: readonly DeclaredTmpfs[], probes: readonly WriteProbe[]): MountCheck[] {
  return declared
    .filter((d) => !d.readOnly)
    .map((d) => {
      const p = probes.find((x) => x.target === d.target);
      const ok = p !== undefined && p.exitCode === 0;
      return { check: `tmpfs-writable ${d.target}`, service, ok, found: p ? `uid ${p.uid}: ${ok ? "wrote and removed a file" : `exit ${p.exitCode} ${p.output.trim()}`}` : "not probed" };
    });
}

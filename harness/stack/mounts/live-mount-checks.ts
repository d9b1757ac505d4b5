// Runs the mount/permission checks against one service of a running stack, with as few execs as
// possible (each costs ~0.5 s on a loaded rootless engine): one read-only snapshot, one write probe
// as the service's UID that removes its files.
import type { StartedStack } from "../launcher/started-stack.ts";
import type { MountCheck } from "./mount-check.ts";
import { checkMountOverlap, liveMounts } from "./overlap-check.ts";
import { parseProcMounts, type ProcMount } from "./proc-mounts.ts";
import { checkRootNotHostRoot } from "./root-mapping-check.ts";
import { checkTmpfsMounted, checkTmpfsWritable, declaredTmpfs, type WriteProbe } from "./tmpfs-checks.ts";

export interface MountSnapshot {
  uid: string;
  modes: Record<string, number>;
  mounts: ProcMount[];
  uidMap: string;
}

const separator = "--xnai-snapshot--";
const snapshotScript = `id -u; echo ${separator}; [ $# -eq 0 ] || stat -c '%a %n' "$@"; echo ${separator}; cat /proc/mounts; echo ${separator}; cat /proc/self/uid_map`;

export function parseSnapshot(stdout: string): MountSnapshot {
  const [uid = "", modes = "", mounts = "", uidMap = ""] = stdout.split(`${separator}\n`);
  return {
    uid: uid.trim(),
    modes: Object.fromEntries(modes.trim().split("\n").filter(Boolean).map((l) => {
      const [mode = "", ...name] = l.split(" ");
      return [name.join(" "), parseInt(mode, 8)];
    })),
    mounts: parseProcMounts(mounts),
    uidMap,
  };
}

export async function snapshot(stack: StartedStack, service: string, paths: string[]): Promise<MountSnapshot> {
  const r = await stack.exec(service, ["sh", "-c", snapshotScript, "snapshot", ...paths], { timeoutMs: 20_000 });
  if (r.exitCode !== 0) throw new Error(`${service}: reading mounts, modes and uid_map exited ${r.exitCode}: ${r.output.trim()}`);
  return parseSnapshot(r.stdout);
}

export async function serviceUid(stack: StartedStack, service: string): Promise<string> {
  return (await snapshot(stack, service, [])).uid;
}

const probeScript = 'for d in "$@"; do f="$d/.xnai-write-probe.$$"; if out=$( { echo probe > "$f" && rm -f "$f"; } 2>&1 ); then echo "0 $d"; else echo "1 $d $out"; fi; done';

export async function writeProbes(stack: StartedStack, service: string, targets: string[], uid: string): Promise<WriteProbe[]> {
  if (!targets.length) return [];
  const r = await stack.exec(service, ["sh", "-c", probeScript, "probe", ...targets], { user: uid, timeoutMs: 20_000 });
  return targets.map((target) => {
    const line = r.stdout.split("\n").find((l) => l.split(" ")[1] === target);
    if (!line) return { target, uid, exitCode: r.exitCode || -1, output: r.output };
    const [code = "1", , ...rest] = line.split(" ");
    return { target, uid, exitCode: Number(code), output: rest.join(" ") };
  });
}

export async function tmpfsChecks(stack: StartedStack, service: string, snap?: MountSnapshot): Promise<MountCheck[]> {
  const declared = declaredTmpfs(stack.model.services[service]!);
  const s = snap ?? (await snapshot(stack, service, declared.map((d) => d.target)));
  const probes = await writeProbes(stack, service, declared.filter((d) => !d.readOnly).map((d) => d.target), s.uid);
  return [...checkTmpfsMounted(service, declared, s.mounts, s.modes), ...checkTmpfsWritable(service, declared, probes)];
}

export async function overlapCheck(stack: StartedStack, service: string): Promise<MountCheck> {
  return checkMountOverlap(service, liveMounts(await stack.inspect(service)));
}

export async function mountChecks(stack: StartedStack, service: string): Promise<MountCheck[]> {
  const snap = await snapshot(stack, service, declaredTmpfs(stack.model.services[service]!).map((d) => d.target));
  return [...(await tmpfsChecks(stack, service, snap)), await overlapCheck(stack, service), checkRootNotHostRoot(service, snap.uidMap)];
}

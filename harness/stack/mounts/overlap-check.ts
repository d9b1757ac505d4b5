// A tmpfs and a volume on the same path, or one inside the other, hide each other's data: the Xoe-NovAi
// failure this check exists for. It reads the live container, not the compose file.
import type Dockerode from "dockerode";
import { posix } from "node:path";
import type { MountCheck } from "./mount-check.ts";

export interface LiveMount {
  kind: "tmpfs" | "volume" | "bind";
  target: string;
}

export function liveMounts(inspect: Pick<Dockerode.ContainerInspectInfo, "Mounts" | "HostConfig">): LiveMount[] {
  const tmpfs = Object.keys(inspect.HostConfig?.Tmpfs ?? {}).map((target) => ({ kind: "tmpfs" as const, target }));
  const others = (inspect.Mounts ?? []).map((m) => ({
    kind: m.Type === "tmpfs" ? ("tmpfs" as const) : m.Type === "bind" ? ("bind" as const) : ("volume" as const),
    target: m.Destination,
  }));
  return [...tmpfs, ...others].map((m) => ({ ...m, target: posix.normalize(m.target).replace(/(.)\/$/, "$1") }));
}

const within = (inner: string, outer: string) => inner === outer || inner.startsWith(outer === "/" ? "/" : `${outer}/`);

export function checkMountOverlap(service: string, mounts: readonly LiveMount[]): MountCheck {
  const tmpfs = mounts.filter((m) => m.kind === "tmpfs");
  const persistent = mounts.filter((m) => m.kind !== "tmpfs");
  const clashes = tmpfs.flatMap((t) =>
    persistent
      .filter((p) => within(t.target, p.target) || within(p.target, t.target))
      .map((p) => (t.target === p.target ? `tmpfs and ${p.kind} both at ${t.target}` : `tmpfs ${t.target} and ${p.kind} ${p.target} are nested`)),
  );
  return {
    check: "tmpfs-volume-overlap",
    service,
    ok: clashes.length === 0,
    found: clashes.length ? clashes.join("; ") : `${tmpfs.length} tmpfs, ${persistent.length} volume/bind mounts, none overlapping`,
  };
}

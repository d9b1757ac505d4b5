// Rootless isolation: root inside the container must be an unprivileged host UID.
import type { MountCheck } from "./mount-check.ts";
import { parseUidMap } from "./proc-mounts.ts";

export function checkRootNotHostRoot(service: string, uidMapText: string): MountCheck {
  const lines = parseUidMap(uidMapText);
  const first = lines[0];
  const rootLine = lines.find((l) => l.inside <= 0 && 0 < l.inside + l.count);
  const hostUidOfRoot = rootLine ? rootLine.outside - rootLine.inside : undefined;
  return {
    check: "container-root-not-host-root",
    service,
    ok: first !== undefined && hostUidOfRoot !== 0,
    found: first ? `uid_map first line "${first.inside} ${first.outside} ${first.count}": container root is host uid ${hostUidOfRoot ?? "unmapped"}` : "empty uid_map",
  };
}

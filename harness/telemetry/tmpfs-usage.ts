// tmpfs fill of a container's mounts. On the engine's own host the kernel answers through
// /proc/<pid>/root (a statfs, no process started); elsewhere one `df` exec per container reads every
// mount at once. Podman keeps two conmon processes per exec for minutes, so exec is the fallback.
import { statfs } from "node:fs/promises";
import type { TmpfsUsage } from "./telemetry-series.ts";

const tmpfsMagic = 0x01021994;

export class NotTmpfsError extends Error {
  override readonly name = "NotTmpfsError";
}

export async function statfsTmpfs(pid: number, mounts: readonly string[]): Promise<TmpfsUsage[]> {
  return Promise.all(
    mounts.map(async (mount) => {
      const stats = await statfs(`/proc/${pid}/root${mount}`);
      // a path that is not a tmpfs here means we are not looking into the container's mount namespace
      if (stats.type !== tmpfsMagic) throw new NotTmpfsError(`${mount} in pid ${pid} is not a tmpfs (type 0x${stats.type.toString(16)})`);
      const sizeBytes = stats.blocks * stats.bsize;
      const usedBytes = (stats.blocks - stats.bfree) * stats.bsize;
      return { mount, usedBytes, sizeBytes, usedRatio: sizeBytes > 0 ? usedBytes / sizeBytes : 0 };
    }),
  );
}

export function dfCommand(mounts: readonly string[]): string[] {
  return ["df", "-P", "-B1", ...mounts];
}

/** Parses POSIX `df -P -B1` output: Filesystem, 1-blocks, Used, Available, Capacity, Mounted on. */
export function parseDf(output: string, mounts: readonly string[]): TmpfsUsage[] {
  const rows = output
    .split("\n")
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length >= 6);
  return mounts.map((mount) => {
    const row = rows.find((fields) => fields.slice(5).join(" ") === mount);
    if (row === undefined) throw new Error(`df printed no line for ${mount}: ${output.slice(0, 200)}`);
    const sizeBytes = Number(row[1]);
    const usedBytes = Number(row[2]);
    if (!Number.isFinite(sizeBytes) || !Number.isFinite(usedBytes)) throw new Error(`df line for ${mount} has no byte counts: ${row.join(" ")}`);
    return { mount, usedBytes, sizeBytes, usedRatio: sizeBytes > 0 ? usedBytes / sizeBytes : 0 };
  });
}

// Every resource the suite creates carries these labels, so teardown and the reaper find it.
import { hostname } from "node:os";

export const suiteLabel = "xnai.suite";
export const runLabel = "xnai.run";
export const ownerLabel = "xnai.owner";
/** Owner of a stack started by `npm run stack:up`: kept until `npm run stack:down`. */
export const keepOwner = "keep";

export function runLabels(runId: string, ownerPid: number | typeof keepOwner): Record<string, string> {
  return { [suiteLabel]: "true", [runLabel]: runId, [ownerLabel]: `${hostname()}:${ownerPid}` };
}

/** True when the process that owns a labelled resource is gone (on this host). */
export function ownerIsGone(owner: string | undefined): boolean {
  if (!owner) return true;
  const [host, pidText] = owner.split(":");
  if (host !== hostname()) return false; // another machine's run: never ours to reap
  if (pidText === keepOwner) return false; // started by stack:up, removed by stack:down
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "ESRCH";
  }
}

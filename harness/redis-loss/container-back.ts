// After a kill: did the engine's restart policy bring the container back, or did it need a start?
// Timestamps are taken here, by polling, because no engine event is relied on.
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import { waitUntil } from "../util/wait-until.ts";

export interface ContainerBack {
  restartedBy: "restart-policy" | "explicit-start";
  /** When the suite first saw the container not running (null: it was back before the first look). */
  exitSeenAtMs: number | null;
  exitCode: number | null;
  runningAtMs: number;
  restartPolicy: string;
  restartCount: number;
}

export async function startedAt(stack: StartedStack, service: string): Promise<string> {
  return (await stack.inspect(service)).State.StartedAt;
}

/**
 * Waits for `service` to run again with a StartedAt newer than `previousStartedAt`; when the restart
 * policy has not done it within `policyWaitMs` of the exit (seen within `exitWaitMs`, for faults that
 * take a while to kill), starts it explicitly and says so.
 */
export async function awaitContainerBack(
  stack: StartedStack,
  service: string,
  previousStartedAt: string,
  opts: { policyWaitMs: number; startTimeoutMs: number; exitWaitMs?: number },
): Promise<ContainerBack> {
  let exitSeenAtMs: number | null = null;
  let exitCode: number | null = null;
  const back = async () => {
    const info = await stack.inspect(service);
    if (!info.State.Running) {
      exitSeenAtMs ??= Date.now();
      exitCode = info.State.ExitCode;
      return false;
    }
    return info.State.StartedAt !== previousStartedAt ? info : false;
  };
  const policy = (await stack.inspect(service)).HostConfig.RestartPolicy?.Name ?? "";
  if (opts.exitWaitMs) {
    const exited = async () => (await back()) !== false || exitSeenAtMs !== null;
    await waitUntil(exited, { timeoutMs: opts.exitWaitMs, intervalMs: 50, what: `${service} to exit or restart` });
  }
  try {
    const info = await waitUntil(back, { timeoutMs: opts.policyWaitMs, intervalMs: 50, what: `${service} restarted by its restart policy '${policy}'` });
    return { restartedBy: "restart-policy", exitSeenAtMs, exitCode, runningAtMs: Date.now(), restartPolicy: policy, restartCount: info.RestartCount };
  } catch {
    await stack.start(service);
    const info = await waitUntil(back, { timeoutMs: opts.startTimeoutMs, intervalMs: 50, what: `${service} running after an explicit start` });
    return { restartedBy: "explicit-start", exitSeenAtMs, exitCode, runningAtMs: Date.now(), restartPolicy: policy, restartCount: info.RestartCount };
  }
}

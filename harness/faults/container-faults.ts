// Process-level faults on one container: SIGKILL, graceful stop, restart, freeze. Each returns its undo,
// which leaves the container running (and says in `detail` whether it had to start it itself).
import { containerState, type ContainerRef } from "./container-ref.ts";
import { injectedFault, injecting, type Fault } from "./fault.ts";

const ignoreNotModified = (err: { statusCode?: number }) => {
  if (err.statusCode !== 304) throw err;
};

/** Starts the container unless it is already running; returns who brought it back. */
async function ensureRunning(ref: ContainerRef, before: { startedAt: string }, detail: Record<string, unknown>): Promise<void> {
  const now = await containerState(ref);
  if (now.running) {
    detail.restartedBy = now.startedAt !== before.startedAt ? "engine" : "already-running";
    return;
  }
  detail.explicitStartAtMs = Date.now();
  await ref.docker.getContainer(ref.id).start().catch(ignoreNotModified);
  detail.restartedBy = "suite";
}

/** SIGKILL through the engine API: the restart policy (if the engine honours it) may bring it back. */
export async function sigkill(ref: ContainerRef): Promise<Fault> {
  return injecting("sigkill", ref.name, async () => {
    const before = await containerState(ref);
    const t0 = Date.now();
    await ref.docker.getContainer(ref.id).kill({ signal: "SIGKILL" });
    const detail: Record<string, unknown> = { containerId: ref.id, pidBefore: before.pid, startedAtBefore: before.startedAt, restartCountBefore: before.restartCount, callMs: Date.now() - t0 };
    return injectedFault("sigkill", ref.name, `SIGKILL ${ref.name}`, detail, async () => {
      await ensureRunning(ref, before, detail);
    }, t0);
  });
}

/** Graceful stop (SIGTERM, then SIGKILL after timeoutS); undo starts it again. */
export async function gracefulStop(ref: ContainerRef, timeoutS = 10): Promise<Fault> {
  return injecting("stop", ref.name, async () => {
    const t0 = Date.now();
    await ref.docker.getContainer(ref.id).stop({ t: timeoutS }).catch(ignoreNotModified);
    const after = await containerState(ref);
    const detail: Record<string, unknown> = { containerId: ref.id, stopMs: Date.now() - t0, exitCode: after.exitCode };
    return injectedFault("stop", ref.name, `graceful stop ${ref.name} (t=${timeoutS}s)`, detail, async () => {
      await ref.docker.getContainer(ref.id).start().catch(ignoreNotModified);
    }, t0);
  });
}

/** Graceful restart through the engine; the undo only makes sure it is running. */
export async function restart(ref: ContainerRef, timeoutS = 10): Promise<Fault> {
  return injecting("restart", ref.name, async () => {
    const before = await containerState(ref);
    const t0 = Date.now();
    await ref.docker.getContainer(ref.id).restart({ t: timeoutS });
    const detail: Record<string, unknown> = { containerId: ref.id, restartCallMs: Date.now() - t0, startedAtBefore: before.startedAt };
    // The restart call returns once the container runs again: the fault began when it was called.
    return injectedFault("restart", ref.name, `restart ${ref.name} (t=${timeoutS}s)`, detail, async () => {
      if ((await containerState(ref)).running) return;
      detail.explicitStartAtMs = Date.now();
      await ref.docker.getContainer(ref.id).start().catch(ignoreNotModified);
    }, t0);
  });
}

/**
 * Freezes every process of the container: `pause` where the engine can (cgroup freezer), else SIGSTOP
 * through the API (rootless cgroup v1 cannot pause); undo thaws it.
 */
export async function freeze(ref: ContainerRef, opts: { pauseAvailable: boolean }): Promise<Fault> {
  const c = ref.docker.getContainer(ref.id);
  const how = opts.pauseAvailable ? "pause" : "SIGSTOP";
  return injecting("freeze", ref.name, async () => {
    const t0 = Date.now();
    if (opts.pauseAvailable) await c.pause();
    else await c.kill({ signal: "SIGSTOP" });
    return injectedFault("freeze", ref.name, `freeze ${ref.name} (${how})`, { containerId: ref.id, how, callMs: Date.now() - t0 }, async () => {
      if (opts.pauseAvailable) await c.unpause();
      else await c.kill({ signal: "SIGCONT" });
    }, t0);
  });
}

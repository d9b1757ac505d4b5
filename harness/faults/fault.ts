// The common shape of every fault: what it did, when it was in force, and its undo (idempotent,
// `await using`-able). A failed undo rejects, so the runner can fail the run.
import type { FaultWindow, Undo } from "./proxy-client.ts";

export interface Fault extends Undo {
  readonly kind: string;
  readonly target: string;
  /** What the fault did and found (container ids, rules, MACs, whether a restart policy acted...). */
  readonly detail: Record<string, unknown>;
}

export class FaultError extends Error {
  override name = "FaultError";
  constructor(
    readonly kind: string,
    readonly target: string,
    readonly operation: "inject" | "undo",
    readonly causeMessage: string,
  ) {
    super(`${operation} of ${kind} on ${target} failed: ${causeMessage}`);
  }
  toJSON() {
    const { name, message, kind, target, operation, causeMessage } = this;
    return { name, message, kind, target, operation, causeMessage };
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Wraps an injected fault: `startedAtMs` is when the injecting call began (the fault may take effect
 * at any moment of that call; `detail.callMs` says how long it took),
 * `endedAtMs` is set when the undo succeeded; an undo that fails can be retried.
 */
export function injectedFault(kind: string, target: string, description: string, detail: Record<string, unknown>, revert: () => Promise<void>, startedAtMs = Date.now()): Fault {
  const window: { startedAtMs: number; endedAtMs: number | undefined } = { startedAtMs, endedAtMs: undefined };
  let pending: Promise<void> | undefined;
  const undo = (): Promise<void> => {
    pending ??= revert().then(
      () => {
        window.endedAtMs = Date.now();
      },
      (err: unknown) => {
        pending = undefined;
        throw err instanceof FaultError ? err : new FaultError(kind, target, "undo", messageOf(err));
      },
    );
    return pending;
  };
  return { kind, target, description, detail, window: window as FaultWindow, undo, [Symbol.asyncDispose]: undo };
}

/** Runs an inject step, turning its failure into a FaultError that names the fault and target. */
export async function injecting<T>(kind: string, target: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw err instanceof FaultError ? err : new FaultError(kind, target, "inject", messageOf(err));
  }
}

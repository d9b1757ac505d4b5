// Writes distinct keys at a steady rate and logs what the client knows about each: acknowledged (with
// its ack time), failed (certainly not applied), or indeterminate (sent, outcome unknown).
import type { Redis } from "ioredis";
import type { WriteAttempt } from "../checkers/data-loss-checker.ts";

export interface AckedWriterOptions {
  redis: Redis;
  /** Every key is `${keyPrefix}${id}`; the read-back scans this prefix. */
  keyPrefix: string;
  ratePerSec: number;
  durationMs: number;
  /** Called once, `atMs` after the first write (the fault); its errors end the run. */
  fault?: { atMs: number; inject: () => Promise<void> };
  now?: () => number;
}

export interface AckedWriterRun {
  attempts: WriteAttempt[];
  startedAtMs: number;
  finishedAtMs: number;
  faultAtMs: number | null;
  errors: Record<string, number>;
}

// ioredis rejects a command without sending it when the socket is not writable and the offline queue is
// off; a server error reply (LOADING, MISCONF, READONLY) is a definite rejection too.
export function classifyWriteError(error: unknown): "failed" | "indeterminate" {
  const message = error instanceof Error ? error.message : String(error);
  if (/enableOfflineQueue|Stream isn't writeable/i.test(message)) return "failed";
  if (error instanceof Error && error.name === "ReplyError") return "failed";
  return "indeterminate";
}

function errorKind(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\d+/g, "N").slice(0, 60);
}

export async function runAckedWriter(opts: AckedWriterOptions): Promise<AckedWriterRun> {
  const now = opts.now ?? Date.now;
  const intervalMs = 1000 / opts.ratePerSec;
  const total = Math.max(1, Math.round((opts.durationMs / 1000) * opts.ratePerSec));
  const attempts: WriteAttempt[] = [];
  const errors: Record<string, number> = {};
  const inFlight: Promise<void>[] = [];
  const startedAtMs = now();
  let faultAtMs: number | null = null;
  let faultDone: Promise<void> | undefined;

  for (let i = 0; i < total; i++) {
    const due = startedAtMs + i * intervalMs;
    const wait = due - now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    if (opts.fault && faultDone === undefined && now() - startedAtMs >= opts.fault.atMs) {
      faultAtMs = now();
      faultDone = opts.fault.inject();
    }
    const id = String(i).padStart(6, "0");
    inFlight.push(
      opts.redis.set(`${opts.keyPrefix}${id}`, `${id}:${due}`).then(
        () => {
          attempts.push({ id, outcome: "acked", ackedAtMs: now() });
        },
        (error: unknown) => {
          attempts.push({ id, outcome: classifyWriteError(error) });
          const kind = errorKind(error);
          errors[kind] = (errors[kind] ?? 0) + 1;
        },
      ),
    );
  }
  await Promise.all(inFlight);
  await faultDone;
  return { attempts, startedAtMs, finishedAtMs: now(), faultAtMs, errors };
}

/** Every id under the prefix, by SCAN (never KEYS: the read must not block a recovering server). */
export async function readBackIds(redis: Redis, keyPrefix: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${keyPrefix}*`, "COUNT", 1000);
    cursor = next;
    for (const key of keys) ids.push(key.slice(keyPrefix.length));
  } while (cursor !== "0");
  return ids;
}

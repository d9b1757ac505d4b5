// Poll with a deadline instead of sleeping; the error says what was awaited and for how long.
export class WaitTimeoutError extends Error {
  override name = "WaitTimeoutError";
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly lastError?: string,
  ) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ""}`);
  }
  toJSON() {
    return { name: this.name, message: this.message, what: this.what, timeoutMs: this.timeoutMs, lastError: this.lastError };
  }
}

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  what: string;
  signal?: AbortSignal;
}

/** Resolves with the first truthy value the check returns; check errors count as "not yet". */
export async function waitUntil<T>(check: () => Promise<T | false | undefined | null> | T | false | undefined | null, opts: WaitOptions): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const interval = opts.intervalMs ?? 100;
  let lastError: string | undefined;
  for (;;) {
    if (opts.signal?.aborted) throw new Error(`aborted while waiting for ${opts.what}`);
    try {
      const value = await check();
      if (value) return value as T;
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
    }
    if (Date.now() >= deadline) throw new WaitTimeoutError(opts.what, opts.timeoutMs, lastError);
    await new Promise((r) => setTimeout(r, Math.min(interval, Math.max(0, deadline - Date.now()))));
  }
}

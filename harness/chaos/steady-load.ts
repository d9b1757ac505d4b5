// Small, bounded open-loop load for chaos scenarios: one request every 1000/ratePerSec ms whatever the
// service does, each recorded with its send and end time, status, error code and whether the client
// gave up (a request still unanswered at timeoutMs counts as hanging).
import { LatencyRecorder, type LatencyWindow } from "../load/latency-recorder.ts";

export interface LoadRecord {
  sentAtMs: number;
  endedAtMs: number;
  status?: number;
  errorCode?: string;
  degraded?: boolean;
  /** Transport error (refused, reset...) when there was no HTTP answer. */
  error?: string;
  timedOut: boolean;
}

export interface SteadyLoadReport {
  url: string;
  ratePerSec: number;
  timeoutMs: number;
  sent: number;
  records: LoadRecord[];
}

export interface SteadyLoadOptions {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  ratePerSec: number;
  timeoutMs: number;
  /** Hard bound: the load stops by itself after this long. */
  maxDurationMs: number;
}

export interface SteadyLoad {
  records: readonly LoadRecord[];
  stop(): Promise<SteadyLoadReport>;
}

async function one(opts: SteadyLoadOptions): Promise<LoadRecord> {
  const sentAtMs = Date.now();
  try {
    const res = await fetch(opts.url, { method: "POST", headers: { "content-type": "application/json", ...opts.headers }, body: JSON.stringify(opts.body), signal: AbortSignal.timeout(opts.timeoutMs) });
    const text = await res.text();
    let parsed: { error_code?: string; degraded?: boolean } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // a proxy's error page is not JSON; the status says enough
    }
    return { sentAtMs, endedAtMs: Date.now(), status: res.status, timedOut: false, ...(parsed.error_code ? { errorCode: parsed.error_code } : {}), ...(parsed.degraded !== undefined ? { degraded: parsed.degraded } : {}) };
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } };
    const timedOut = e.name === "TimeoutError";
    return { sentAtMs, endedAtMs: Date.now(), timedOut, error: timedOut ? `no answer within ${opts.timeoutMs} ms` : (e.cause?.code ?? e.message) };
  }
}

export function startSteadyLoad(opts: SteadyLoadOptions): SteadyLoad {
  if (!(opts.ratePerSec > 0)) throw new RangeError(`ratePerSec must be > 0, got ${opts.ratePerSec}`);
  const records: LoadRecord[] = [];
  const inFlight = new Set<Promise<void>>();
  const periodMs = 1000 / opts.ratePerSec;
  const startedAtMs = Date.now();
  let sent = 0;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    sent++;
    const p = one(opts).then((r) => void records.push(r));
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  };
  const schedule = () => {
    const nextAtMs = startedAtMs + (sent + 1) * periodMs;
    if (nextAtMs - startedAtMs > opts.maxDurationMs) return;
    timer = setTimeout(() => {
      fire();
      schedule();
    }, Math.max(0, nextAtMs - Date.now()));
  };
  fire();
  schedule();
  return {
    records,
    async stop() {
      clearTimeout(timer);
      await Promise.all([...inFlight]);
      records.sort((a, b) => a.sentAtMs - b.sentAtMs);
      return { url: opts.url, ratePerSec: opts.ratePerSec, timeoutMs: opts.timeoutMs, sent, records };
    },
  };
}

/** The load's latency per window (answered 2xx = latency, anything else = an error), for plots over time. */
export function steadyLoadLatency(records: readonly LoadRecord[], windowMs = 1_000): LatencyWindow[] {
  const recorder = new LatencyRecorder({ windowMs });
  for (const r of records) {
    const latencyUs = (r.endedAtMs - r.sentAtMs) * 1_000;
    if (r.status !== undefined && r.status >= 200 && r.status < 300) recorder.recordSuccess(latencyUs, r.sentAtMs);
    else if (r.status !== undefined) recorder.recordError({ kind: "status", status: r.status }, r.sentAtMs, latencyUs);
    else if (r.timedOut) recorder.recordError({ kind: "timeout" }, r.sentAtMs);
    else recorder.recordError({ kind: "connection", code: r.error ?? "unknown" }, r.sentAtMs);
  }
  return recorder.series();
}

/** A journal's activity, when it is a steady load's report. */
export function isSteadyLoadReport(activity: unknown): activity is SteadyLoadReport {
  return typeof activity === "object" && activity !== null && Array.isArray((activity as { records?: unknown }).records);
}

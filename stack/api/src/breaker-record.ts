// The breaker state mirrored to Redis under `circuit_breaker:<name>`, and how a record found at start
// becomes the local state. Pure: the tests pin the JSON layout other tools read.
import type { BreakerSnapshot, BreakerStateName } from "./breaker-policy.ts";

export const BREAKER_KEY_PREFIX = "circuit_breaker:";

export function breakerKey(name: string): string {
  return `${BREAKER_KEY_PREFIX}${name}`;
}

/** Exactly what is stored; times are Unix epoch milliseconds. */
export interface BreakerRecord {
  state: BreakerStateName;
  failure_count: number;
  last_failure_time: number | null;
  opened_at: number | null;
  updated_at: number;
}

const STATES: readonly BreakerStateName[] = ["closed", "half-open", "open"];

export function toRecord(snapshot: Readonly<BreakerSnapshot>): BreakerRecord {
  return {
    state: snapshot.state,
    failure_count: snapshot.failureCount,
    last_failure_time: snapshot.lastFailureTime,
    opened_at: snapshot.openedAt,
    updated_at: snapshot.updatedAt,
  };
}

export function serializeRecord(record: BreakerRecord): string {
  return JSON.stringify(record);
}

function isTime(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value >= 0;
}

function isTimeOrNull(value: unknown): value is number | null {
  return value === null || isTime(value);
}

/** Returns null for anything that is not a well-formed record (a stale or foreign writer). */
export function parseRecord(raw: string | null | undefined): BreakerRecord | null {
  if (raw === null || raw === undefined || raw === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.state !== "string" || !(STATES as readonly string[]).includes(v.state)) return null;
  const failureCount = v.failure_count;
  if (typeof failureCount !== "number" || !Number.isInteger(failureCount) || failureCount < 0) return null;
  if (!isTimeOrNull(v.last_failure_time) || !isTimeOrNull(v.opened_at) || !isTime(v.updated_at)) return null;
  return {
    state: v.state as BreakerStateName,
    failure_count: failureCount,
    last_failure_time: v.last_failure_time,
    opened_at: v.opened_at,
    updated_at: v.updated_at,
  };
}

export interface RestorePlan {
  state: BreakerStateName;
  failureCount: number;
  lastFailureTime: number | null;
  openedAt: number | null;
  /** For "open": how long until the breaker may go half-open. 0 otherwise. */
  remainingOpenMs: number;
}

export function planRestore(record: BreakerRecord, now: number, resetTimeoutMs: number): RestorePlan {
  const base = { failureCount: record.failure_count, lastFailureTime: record.last_failure_time };
  if (record.state === "closed") return { ...base, state: "closed", openedAt: null, remainingOpenMs: 0 };
  if (record.state === "half-open") return { ...base, state: "half-open", openedAt: record.opened_at, remainingOpenMs: 0 };
  const openedAt = record.opened_at ?? record.updated_at;
  // A clock that moved backwards would make the elapsed time negative: never wait longer than one reset.
  const elapsed = Math.max(0, now - openedAt);
  if (elapsed >= resetTimeoutMs) return { ...base, state: "half-open", openedAt, remainingOpenMs: 0 };
  return { ...base, state: "open", openedAt, remainingOpenMs: resetTimeoutMs - elapsed };
}

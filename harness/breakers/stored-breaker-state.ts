// Where and how a stack keeps its breaker state in Redis, and how raw values become one normalized
// state. Pure: no Redis here; the reader fetches the keys `storedStateKeys` names.
import type { BreakerState } from "../checkers/breaker-timeline.ts";
import type { BreakerLayout } from "../stack/profile.ts";

export interface StoredBreakerState {
  breaker: string;
  state: BreakerState;
  /** Consecutive failures as the store counts them (JSON failure_count, pybreaker fail_counter). */
  failureCount: number;
  /** pybreaker's success_counter (successes while half-open); absent in the JSON layout. */
  successCount?: number;
  /** Epoch ms; pybreaker stores whole seconds, so its value is a multiple of 1000. */
  openedAtMs: number | null;
  updatedAtMs?: number;
}

export type StoredBreakerRead =
  | { kind: "state"; value: StoredBreakerState }
  /** No state key: the breaker never wrote, or the store was lost. */
  | { kind: "absent"; breaker: string }
  | { kind: "malformed"; breaker: string; reason: string; raw: Record<string, string | null> };

const states: readonly BreakerState[] = ["closed", "open", "half-open"];

function isState(value: unknown): value is BreakerState {
  return typeof value === "string" && (states as readonly string[]).includes(value);
}

/** pybreaker's namespace may hold `{name}` so each breaker of one app gets its own keys. */
function pybreakerPrefix(namespace: string | undefined, breaker: string): string {
  if (namespace === undefined || namespace === "") return "pybreaker";
  return `${namespace.replaceAll("{name}", breaker)}:pybreaker`;
}

export interface StoredStateKeys {
  state: string;
  failCounter?: string;
  successCounter?: string;
  openedAt?: string;
}

export function storedStateKeys(layout: BreakerLayout, breaker: string): StoredStateKeys {
  if (layout.kind === "json-per-breaker") return { state: `${layout.keyPrefix}${breaker}` };
  const prefix = pybreakerPrefix(layout.namespace, breaker);
  return {
    state: `${prefix}:state`,
    failCounter: `${prefix}:fail_counter`,
    successCounter: `${prefix}:success_counter`,
    openedAt: `${prefix}:opened_at`,
  };
}

/** Every key of a layout for these breakers, in a stable order (one MGET). */
export function allStoredStateKeys(layout: BreakerLayout, breakers: readonly string[]): string[] {
  return [...new Set(breakers.flatMap((breaker) => Object.values(storedStateKeys(layout, breaker)) as string[]))];
}

function nonNegativeInteger(value: unknown): number | undefined {
  return typeof value === "number" && Number.isInteger(value) && value >= 0 ? value : undefined;
}

function timeOrNull(value: unknown): number | null | undefined {
  if (value === null) return null;
  return typeof value === "number" && Number.isFinite(value) && value >= 0 ? value : undefined;
}

function parseJsonRecord(breaker: string, raw: string | null): StoredBreakerRead {
  const rawMap = { value: raw };
  if (raw === null) return { kind: "absent", breaker };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { kind: "malformed", breaker, reason: `not JSON: ${(error as Error).message}`, raw: rawMap };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return { kind: "malformed", breaker, reason: "not a JSON object", raw: rawMap };
  const record = value as Record<string, unknown>;
  if (!isState(record.state)) return { kind: "malformed", breaker, reason: `unknown state ${JSON.stringify(record.state)}`, raw: rawMap };
  const failureCount = nonNegativeInteger(record.failure_count);
  if (failureCount === undefined) return { kind: "malformed", breaker, reason: `failure_count ${JSON.stringify(record.failure_count)} is not a count`, raw: rawMap };
  const openedAtMs = timeOrNull(record.opened_at ?? null);
  if (openedAtMs === undefined) return { kind: "malformed", breaker, reason: `opened_at ${JSON.stringify(record.opened_at)} is not a time`, raw: rawMap };
  const updatedAtMs = timeOrNull(record.updated_at ?? null);
  return {
    kind: "state",
    value: { breaker, state: record.state, failureCount, openedAtMs, ...(typeof updatedAtMs === "number" ? { updatedAtMs } : {}) },
  };
}

function parseCounter(raw: string | null | undefined): number | undefined {
  if (raw === null || raw === undefined) return 0;
  return /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
}

function parsePybreaker(breaker: string, values: Record<string, string | null>, keys: StoredStateKeys): StoredBreakerRead {
  const raw = Object.fromEntries(Object.values(keys).map((key: string) => [key, values[key] ?? null]));
  const state = values[keys.state] ?? null;
  if (state === null) return { kind: "absent", breaker };
  if (!isState(state)) return { kind: "malformed", breaker, reason: `unknown state ${JSON.stringify(state)}`, raw };
  // pybreaker INCRs counters lazily, so a missing counter is zero
  const failureCount = parseCounter(values[keys.failCounter!]);
  const successCount = parseCounter(values[keys.successCounter!]);
  if (failureCount === undefined) return { kind: "malformed", breaker, reason: `fail_counter ${JSON.stringify(values[keys.failCounter!])} is not a count`, raw };
  if (successCount === undefined) return { kind: "malformed", breaker, reason: `success_counter ${JSON.stringify(values[keys.successCounter!])} is not a count`, raw };
  const openedAt = values[keys.openedAt!] ?? null;
  let openedAtMs: number | null = null;
  if (openedAt !== null) {
    if (!/^\d+(\.\d+)?$/.test(openedAt.trim())) return { kind: "malformed", breaker, reason: `opened_at ${JSON.stringify(openedAt)} is not epoch seconds`, raw };
    openedAtMs = Math.round(Number(openedAt.trim()) * 1000);
  }
  return { kind: "state", value: { breaker, state, failureCount, successCount, openedAtMs } };
}

/** `values` maps each key of `storedStateKeys(layout, breaker)` to its raw string (null when missing). */
export function parseStoredBreakerState(layout: BreakerLayout, breaker: string, values: Record<string, string | null>): StoredBreakerRead {
  const keys = storedStateKeys(layout, breaker);
  return layout.kind === "json-per-breaker" ? parseJsonRecord(breaker, values[keys.state] ?? null) : parsePybreaker(breaker, values, keys);
}

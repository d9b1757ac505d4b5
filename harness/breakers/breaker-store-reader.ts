// Reads the breaker states a stack stored in Redis in one MGET, so every breaker is read at one instant.
import type { BreakerLayout } from "../stack/profile.ts";
import { allStoredStateKeys, parseStoredBreakerState, type StoredBreakerRead } from "./stored-breaker-state.ts";

/** The one Redis call the reader needs (ioredis' `mget` fits). */
export interface KeyValueSource {
  mget(keys: string[]): Promise<Array<string | null>>;
}

export interface StoredBreakersSnapshot {
  /** Midpoint of the MGET round trip, epoch ms. */
  atMs: number;
  reads: StoredBreakerRead[];
}

export async function readStoredBreakers(source: KeyValueSource, layout: BreakerLayout, breakers: readonly string[]): Promise<StoredBreakersSnapshot> {
  const keys = allStoredStateKeys(layout, breakers);
  const sentAtMs = Date.now();
  const values = await source.mget(keys);
  const atMs = Math.round((sentAtMs + Date.now()) / 2);
  const byKey = Object.fromEntries(keys.map((key, index) => [key, values[index] ?? null]));
  return { atMs, reads: breakers.map((breaker) => parseStoredBreakerState(layout, breaker, byKey)) };
}

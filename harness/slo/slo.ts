// Every threshold the suite judges against. Tests read these; they never hard-code numbers.

/** The persistence settings a profile's Redis can run with (REDIS_PERSISTENCE in the reference stack). */
export const redisPersistenceSettings = ["none", "rdb", "aof-everysec", "aof-always"] as const;
export type RedisPersistenceSetting = (typeof redisPersistenceSettings)[number];
/** Where Redis keeps its data directory: a tmpfs (recreated with the container) or a named volume. */
export const redisDataPlaces = ["tmpfs", "volume"] as const;
export type RedisDataPlace = (typeof redisDataPlaces)[number];

/** Persistence setting x data place: the unit of the data-loss table. */
export const redisPlacedModes = [
  "none.tmpfs",
  "none.volume",
  "rdb.tmpfs",
  "rdb.volume",
  "aof-everysec.tmpfs",
  "aof-everysec.volume",
  "aof-always.tmpfs",
  "aof-always.volume",
] as const;
export type RedisPlacedMode = (typeof redisPlacedModes)[number];

export function placedMode(setting: RedisPersistenceSetting, place: RedisDataPlace): RedisPlacedMode {
  return `${setting}.${place}`;
}

/** The first ids, kept for existing profiles and reports; each measures one placed mode. */
export const legacyRedisPersistenceModes = ["none-on-tmpfs", "rdb", "aof-everysec", "aof-always"] as const;
export type LegacyRedisPersistenceMode = (typeof legacyRedisPersistenceModes)[number];
// A mode's promise is judged where it can hold it: snapshots and logs on a volume, "none" on the tmpfs.
export const legacyModeMeasures: Readonly<Record<LegacyRedisPersistenceMode, RedisPlacedMode>> = Object.freeze({
  "none-on-tmpfs": "none.tmpfs",
  rdb: "rdb.volume",
  "aof-everysec": "aof-everysec.volume",
  "aof-always": "aof-always.volume",
});

export const redisPersistenceModes = [...legacyRedisPersistenceModes, ...redisPlacedModes] as const;
export type RedisPersistenceMode = (typeof redisPersistenceModes)[number];

/** `null` means "measured and reported, never gated": the mode makes no durability promise. */
export type LostWritesAllowance = number | null;

export interface Slo {
  // startup
  startupRuns: number;
  startupSuccessRatio: number;
  stackHealthyMs: number;
  teardownMs: number;
  // inference
  inferenceP95Ms: number;
  nominalConcurrency: number;
  loadDurationMs: number;
  ttftP95Ms: number;
  // breakers
  breakerFastFailP99Ms: number;
  breakerTimingToleranceMs: number;
  breakerTimelineViolations: number;
  // chaos
  recoveryMs: number;
  clientTimeoutMs: number;
  // redis loss: allowed lost acknowledged writes after a process kill (SIGKILL, then the restart policy
  // or an explicit start), per persistence mode and data place
  redisLostAckedWritesMax: Record<RedisPersistenceMode, LostWritesAllowance>;
  /** A wiped Redis (FLUSHALL or a fresh tmpfs): every document back, counted by the crawler and in Redis. */
  redisWipeReingestMs: number;
  // security
  securityFailedChecks: number;
  // build
  buildSourceChangeSpeedup: number;
  buildDependencyChangeSpeedup: number;
  // telemetry
  tmpfsUsedRatioMax: number;
  memoryUsedRatioMax: number;
  unexpectedRestarts: number;
  // baselines
  regressionTolerance: number;
  baselineWindowRuns: number;
}

export const defaultSlo: Readonly<Slo> = Object.freeze({
  startupRuns: 10,
  startupSuccessRatio: 1.0,
  stackHealthyMs: 15_000,
  teardownMs: 5_000,
  inferenceP95Ms: 300,
  nominalConcurrency: 2,
  loadDurationMs: 20_000,
  // TTFT is part of an inference answer: the same bound as the seed's latency target.
  ttftP95Ms: 300,
  breakerFastFailP99Ms: 5,
  breakerTimingToleranceMs: 250,
  breakerTimelineViolations: 0,
  recoveryMs: 10_000,
  clientTimeoutMs: 5_000,
  redisLostAckedWritesMax: Object.freeze({
    "none-on-tmpfs": null,
    rdb: null,
    "aof-everysec": 0,
    "aof-always": 0,
    // tmpfs is recreated with the container, so no setting survives a restart there: reported, never gated
    "none.tmpfs": null,
    "none.volume": null,
    "rdb.tmpfs": null,
    "rdb.volume": null,
    "aof-everysec.tmpfs": null,
    "aof-everysec.volume": 0,
    "aof-always.tmpfs": null,
    "aof-always.volume": 0,
  }),
  redisWipeReingestMs: 30_000,
  securityFailedChecks: 0,
  buildSourceChangeSpeedup: 5,
  buildDependencyChangeSpeedup: 2,
  tmpfsUsedRatioMax: 0.8,
  memoryUsedRatioMax: 0.9,
  unexpectedRestarts: 0,
  regressionTolerance: 0.25,
  baselineWindowRuns: 5,
});

export type NumericSloKey = {
  [K in keyof Slo]: Slo[K] extends number ? K : never;
}[keyof Slo];

export type SloOverrides = Partial<Omit<Slo, "redisLostAckedWritesMax">> & {
  redisLostAckedWritesMax?: Partial<Record<RedisPersistenceMode, LostWritesAllowance>>;
};

const ratioKeys: ReadonlySet<string> = new Set<NumericSloKey>([
  "startupSuccessRatio",
  "tmpfsUsedRatioMax",
  "memoryUsedRatioMax",
]);
const integerKeys: ReadonlySet<string> = new Set<NumericSloKey>([
  "startupRuns",
  "nominalConcurrency",
  "breakerTimelineViolations",
  "securityFailedChecks",
  "unexpectedRestarts",
  "baselineWindowRuns",
]);

export class SloOverrideError extends Error {
  override readonly name = "SloOverrideError";
  constructor(readonly problems: readonly string[], source: string) {
    super(`invalid SLO overrides from ${source}:\n  - ${problems.join("\n  - ")}`);
  }
  toJSON(): { name: string; message: string; problems: readonly string[] } {
    return { name: this.name, message: this.message, problems: this.problems };
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `${typeof value} ${JSON.stringify(value)}`;
}

function numberProblem(key: string, value: unknown): string | undefined {
  if (typeof value !== "number" || !Number.isFinite(value)) return `${key}: expected a finite number, got ${describe(value)}`;
  if (value < 0) return `${key}: must be >= 0, got ${value}`;
  if (ratioKeys.has(key) && value > 1) return `${key}: is a ratio in [0, 1], got ${value}`;
  if (integerKeys.has(key) && !Number.isInteger(value)) return `${key}: must be an integer, got ${value}`;
  return undefined;
}

function mergeLostWrites(
  base: Slo["redisLostAckedWritesMax"],
  raw: unknown,
  problems: string[],
): Slo["redisLostAckedWritesMax"] {
  const merged = { ...base };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    problems.push(`redisLostAckedWritesMax: expected an object keyed by persistence mode, got ${describe(raw)}`);
    return merged;
  }
  for (const [mode, value] of Object.entries(raw)) {
    const key = `redisLostAckedWritesMax.${mode}`;
    if (!(redisPersistenceModes as readonly string[]).includes(mode)) {
      problems.push(`${key}: unknown persistence mode (known: ${redisPersistenceModes.join(", ")})`);
      continue;
    }
    if (value === null) {
      merged[mode as RedisPersistenceMode] = null;
      continue;
    }
    const problem = numberProblem(key, value);
    if (problem !== undefined) problems.push(problem.replace("a finite number", "a finite number or null"));
    else merged[mode as RedisPersistenceMode] = value as number;
  }
  return merged;
}

/**
 * Applies a profile's overrides onto defaults. `overrides` is `unknown` because it comes from YAML/JSON;
 * every problem is collected so a user fixes the profile in one pass.
 */
export function mergeSlo(defaults: Readonly<Slo>, overrides: unknown, source = "profile"): Slo {
  const merged: Slo = { ...defaults, redisLostAckedWritesMax: { ...defaults.redisLostAckedWritesMax } };
  if (overrides === undefined || overrides === null) return merged;
  if (typeof overrides !== "object" || Array.isArray(overrides)) {
    throw new SloOverrideError([`expected an object of SLO keys, got ${describe(overrides)}`], source);
  }
  const problems: string[] = [];
  const known = Object.keys(defaults);
  for (const [key, value] of Object.entries(overrides)) {
    if (!known.includes(key)) {
      problems.push(`${key}: unknown SLO key (known: ${known.join(", ")})`);
      continue;
    }
    if (key === "redisLostAckedWritesMax") {
      merged.redisLostAckedWritesMax = mergeLostWrites(merged.redisLostAckedWritesMax, value, problems);
      continue;
    }
    const problem = numberProblem(key, value);
    if (problem !== undefined) problems.push(problem);
    else (merged as unknown as Record<string, number>)[key] = value as number;
  }
  if (problems.length > 0) throw new SloOverrideError(problems, source);
  return merged;
}

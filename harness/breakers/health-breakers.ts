// The breaker states an api publishes on its health endpoint: `{breakers: {<name>: {state, ...}}}`.
import type { BreakerState } from "../checkers/breaker-timeline.ts";

export interface PublishedBreaker {
  state: BreakerState;
  failureCount?: number;
  openedAtMs?: number | null;
  /** Writes of this breaker's state to Redis that failed (the api's own count). */
  mirrorWriteFailures?: number;
}

export interface PublishedBreakers {
  /** When the answer arrived, epoch ms. */
  atMs: number;
  httpStatus: number;
  status: string | undefined;
  breakers: Record<string, PublishedBreaker>;
}

export class HealthBreakersError extends Error {
  override readonly name = "HealthBreakersError";
}

const states: readonly string[] = ["closed", "open", "half-open"];

function optionalNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** Pure: a health body -> breaker states; a breaker without a known state is an error, not "closed". */
export function parseHealthBreakers(body: unknown): { status: string | undefined; breakers: Record<string, PublishedBreaker> } {
  if (typeof body !== "object" || body === null) throw new HealthBreakersError("health body is not a JSON object");
  const { status, breakers } = body as { status?: unknown; breakers?: unknown };
  if (typeof breakers !== "object" || breakers === null || Array.isArray(breakers)) throw new HealthBreakersError("health body has no `breakers` object");
  const parsed: Record<string, PublishedBreaker> = {};
  for (const [name, view] of Object.entries(breakers as Record<string, unknown>)) {
    const v = (view ?? {}) as Record<string, unknown>;
    if (typeof v.state !== "string" || !states.includes(v.state)) throw new HealthBreakersError(`breaker ${name}: unknown state ${JSON.stringify(v.state)}`);
    const failureCount = optionalNumber(v.failure_count);
    const openedAtMs = v.opened_at === null ? null : optionalNumber(v.opened_at);
    const mirrorWriteFailures = optionalNumber(v.mirror_write_failures);
    parsed[name] = {
      state: v.state as BreakerState,
      ...(failureCount === undefined ? {} : { failureCount }),
      ...(openedAtMs === undefined ? {} : { openedAtMs }),
      ...(mirrorWriteFailures === undefined ? {} : { mirrorWriteFailures }),
    };
  }
  return { status: typeof status === "string" ? status : undefined, breakers: parsed };
}

/**
 * GET the health URL; a 503 still carries the breakers (an open inference breaker makes the api
 * unavailable). Stamped when the answer arrived: an api may probe its dependencies first and read its
 * breakers last, so the start or the midpoint of a slow round trip would date the state too early.
 */
export async function readHealthBreakers(url: string, timeoutMs: number): Promise<PublishedBreakers> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const atMs = Date.now();
  const body: unknown = await response.json();
  return { atMs, httpStatus: response.status, ...parseHealthBreakers(body) };
}

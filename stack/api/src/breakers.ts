// opossum 9 glue: opossum runs the call timeout and the open -> half-open -> closed cycle (one trial
// call while half-open); BreakerTracker decides when to open and keeps the counters we expose/mirror.
import CircuitBreaker from "opossum";
import { BreakerTracker, STATE_GAUGE_VALUE, opossumOptions, type BreakerSnapshot, type BreakerStateName } from "./breaker-policy.ts";
import type { RestorePlan } from "./breaker-record.ts";
import type { BreakerName, BreakerSettings } from "./config.ts";
import { CircuitOpenError, isTimeoutError } from "./errors.ts";
import type { Metrics } from "./metrics.ts";

export interface Guard {
  readonly name: BreakerName;
  readonly settings: BreakerSettings;
  readonly enabled: boolean;
  /** Runs `fn` under the breaker; throws CircuitOpenError without calling it when open. */
  call<T>(fn: () => Promise<T>): Promise<T>;
  /** Throws CircuitOpenError when the breaker is open, without calling anything (a cheap early exit). */
  rejectIfOpen(): void;
  /** A failure noticed after `call` resolved (a stream that broke mid-way). */
  recordLateFailure(): void;
  state(): BreakerStateName | "disabled";
  snapshot(): Readonly<BreakerSnapshot>;
  /** Applies a persisted state unless this breaker already changed state on its own. */
  restore(plan: RestorePlan): boolean;
  shutdown(): void;
}

export interface GuardHooks {
  /** Every transition, after the tracker was updated (the Redis mirror hangs here). */
  onTransition(name: BreakerName, snapshot: Readonly<BreakerSnapshot>): void;
  /** Whether an error is the caller's fault rather than the dependency's (does not count as failure). */
  isNotAFailure(error: unknown): boolean;
}

interface MutableOptions {
  options: { resetTimeout: number };
}

export function createGuard(settings: BreakerSettings, metrics: Metrics, hooks: GuardHooks): Guard {
  const { name } = settings;
  const tracker = new BreakerTracker(settings.failureThreshold, Date.now());
  const breaker = new CircuitBreaker(async (fn: () => Promise<unknown>) => fn(), {
    ...opossumOptions(settings),
    errorFilter: (error: unknown) => hooks.isNotAFailure(error),
  });
  let transitions = 0;
  let restoredOpenedAt: number | null = null;

  metrics.breakerState.set({ breaker: name }, 0);
  const transition = (state: BreakerStateName) => {
    transitions += 1;
    tracker.transition(state, Date.now(), restoredOpenedAt ?? Date.now());
    restoredOpenedAt = null;
    metrics.breakerState.set({ breaker: name }, STATE_GAUGE_VALUE[state]);
    metrics.breakerTransitions.inc({ breaker: name, to: state });
    hooks.onTransition(name, tracker.snapshot);
  };
  breaker.on("open", () => transition("open"));
  breaker.on("halfOpen", () => transition("half-open"));
  breaker.on("close", () => transition("closed"));
  breaker.on("success", () => {
    tracker.recordSuccess();
    metrics.dependencyCalls.inc({ dependency: name, outcome: "success" });
  });
  breaker.on("failure", (error: unknown) => {
    metrics.dependencyCalls.inc({ dependency: name, outcome: isTimeoutError(error) ? "timeout" : "failure" });
    if (tracker.recordFailure(Date.now())) breaker.open();
  });
  breaker.on("reject", () => {
    tracker.recordFastFail();
    metrics.breakerFastFails.inc({ breaker: name });
  });

  const openFor = (ms: number) => {
    // opossum reads options.resetTimeout when its reset timer starts, so a restored breaker
    // waits only for what is left of the persisted open period.
    const options = (breaker as unknown as MutableOptions).options;
    options.resetTimeout = Math.max(0, ms);
    try {
      breaker.open();
    } finally {
      options.resetTimeout = settings.resetTimeoutMs;
    }
  };

  return {
    name,
    settings,
    enabled: true,
    async call<T>(fn: () => Promise<T>): Promise<T> {
      try {
        return (await breaker.fire(fn)) as T;
      } catch (error) {
        if ((error as { code?: unknown }).code === "EOPENBREAKER") {
          throw new CircuitOpenError(name, tracker.retryAfterS(Date.now(), settings.resetTimeoutMs), tracker.snapshot.state === "half-open");
        }
        throw error;
      }
    },
    rejectIfOpen() {
      // Only while fully open: in half-open the one trial call must still be allowed through.
      if (tracker.snapshot.state !== "open") return;
      tracker.recordFastFail();
      metrics.breakerFastFails.inc({ breaker: name });
      throw new CircuitOpenError(name, tracker.retryAfterS(Date.now(), settings.resetTimeoutMs));
    },
    recordLateFailure() {
      metrics.dependencyCalls.inc({ dependency: name, outcome: "failure" });
      if (tracker.recordFailure(Date.now())) breaker.open();
    },
    state: () => tracker.snapshot.state,
    snapshot: () => tracker.snapshot,
    restore(plan) {
      if (transitions > 0) return false;
      tracker.adopt(plan);
      if (plan.state === "closed") return true;
      restoredOpenedAt = plan.openedAt ?? Date.now();
      openFor(plan.state === "open" ? plan.remainingOpenMs : 0);
      return true;
    },
    shutdown: () => breaker.shutdown(),
  };
}

/** The negative control: no breaker, the dependency is called directly. */
export function createPassThrough(settings: BreakerSettings, metrics: Metrics): Guard {
  const tracker = new BreakerTracker(settings.failureThreshold, Date.now());
  return {
    name: settings.name,
    settings,
    enabled: false,
    rejectIfOpen() {},
    async call<T>(fn: () => Promise<T>): Promise<T> {
      try {
        const result = await fn();
        metrics.dependencyCalls.inc({ dependency: settings.name, outcome: "success" });
        return result;
      } catch (error) {
        metrics.dependencyCalls.inc({ dependency: settings.name, outcome: isTimeoutError(error) ? "timeout" : "failure" });
        throw error;
      }
    },
    recordLateFailure() {},
    state: () => "disabled",
    snapshot: () => tracker.snapshot,
    restore: () => false,
    shutdown() {},
  };
}

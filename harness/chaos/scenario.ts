// A chaos scenario is data: what must hold before and after, the faults, what to watch while they
// are in force, and what to expect of the observations. `runScenario` is the one thing that runs it.
import type { CapabilityName } from "../engine/capabilities.ts";
import type { Fault } from "../faults/fault.ts";

export interface Probe<C, V = unknown> {
  name: string;
  measure(ctx: C): Promise<V>;
}

export interface Tolerance<V> {
  /** What is accepted, in words, for the journal. */
  describe: string;
  accepts(value: V): boolean;
}

export interface SteadyStateCheck<C, V = unknown> {
  probe: Probe<C, V>;
  tolerance: Tolerance<V>;
}

export interface Sample {
  probe: string;
  startedAtMs: number;
  atMs: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Background work that runs from before the injection until after the rollback (e.g. steady load). */
export interface Activity {
  stop(): Promise<unknown>;
}

export interface FaultStep<C> {
  name: string;
  inject(ctx: C): Promise<Fault>;
}

export interface Observation<C> {
  probes: Probe<C>[];
  intervalMs: number;
  /** Upper bound of the observation window. */
  durationMs: number;
  /** Ends the window early once the samples so far satisfy it (e.g. the service came back). */
  until?: (samples: readonly Sample[], faults: readonly Fault[]) => boolean;
}

export type Verdict = "pass" | "fail" | "not-supported";

export interface ExpectationResult {
  name: string;
  verdict: Verdict;
  detail: string;
  /** Numbers worth recording (e.g. recoveryMs). */
  values?: Record<string, number>;
}

export interface Evidence {
  samples: readonly Sample[];
  faults: readonly FaultRecord[];
  activity: unknown;
  /** When the first fault took effect and when the last undo finished. */
  faultStartedAtMs: number | undefined;
  faultEndedAtMs: number | undefined;
  /** When steady state held again after the rollback. */
  steadyAgainAtMs: number | undefined;
}

export interface Expectation<C> {
  name: string;
  evaluate(evidence: Evidence, ctx: C): ExpectationResult | Promise<ExpectationResult>;
}

export interface FaultRecord {
  step: string;
  kind: string;
  target: string;
  description: string;
  startedAtMs: number;
  endedAtMs: number | undefined;
  detail: Record<string, unknown>;
  undoError?: string;
}

export interface Scenario<C> {
  name: string;
  tags: string[];
  requires: CapabilityName[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each check has its own value type
  steadyState: SteadyStateCheck<C, any>[];
  /** How long steady state may take to hold again after the rollback. */
  recoveryTimeoutMs: number;
  activity?: (ctx: C) => Activity | Promise<Activity>;
  faults: FaultStep<C>[];
  observe: Observation<C>;
  /** Extra rollback beyond each fault's own undo (e.g. reset every proxy). */
  rollback?: (ctx: C) => Promise<void>;
  expectations: Expectation<C>[];
}

export function defineScenario<C>(s: Scenario<C>): Scenario<C> {
  return s;
}

/** Pairs a probe with its tolerance so the value type is checked. */
export function check<C, V>(probe: Probe<C, V>, tolerance: Tolerance<V>): SteadyStateCheck<C, V> {
  return { probe, tolerance };
}

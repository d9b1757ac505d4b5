// What every security check returns, and the shape of a check: one function per concern, run against a
// live stack, each result naming the service, the check, what was found and what was expected.
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";
import type { EngineTarget } from "../engine/engine-target.ts";

export interface CheckResult {
  check: string;
  service: string;
  ok: boolean;
  found: string;
  expected: string;
}

export interface CheckContext {
  /** Labels for whatever a check creates (canary network and containers), so the reaper finds it. */
  labels: Record<string, string>;
  /** Image with a shell, node and curl, for the canary and control containers. */
  baseImage: string;
  /** The engine, to pin the canary bridge's MAC (a local engine only). */
  engine?: EngineTarget;
  log?: (line: string) => void;
}

export type SecurityCheck = (stack: StartedStack, profile: StackProfile, ctx: CheckContext) => Promise<CheckResult[]>;

export function result(check: string, service: string, ok: boolean, found: string, expected: string): CheckResult {
  return { check, service, ok, found, expected };
}

export function failures(results: readonly CheckResult[]): CheckResult[] {
  return results.filter((r) => !r.ok);
}

export function describeFailure(r: CheckResult): string {
  return `${r.service}: ${r.check}: found ${r.found}; expected ${r.expected}`;
}

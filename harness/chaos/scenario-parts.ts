// Pieces several stack scenarios share: the networks two services share, and observation windows
// that end once a breaker has opened and had one reset period to try again.
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { BreakerSpec, Role, StackProfile } from "../stack/profile.ts";
import type { Sample } from "./scenario.ts";
import type { QueryReading } from "./stack-probes.ts";

/** Engine names of the networks both services are attached to. */
export function sharedNetworks(stack: StartedStack, a: string, b: string): string[] {
  const nets = (svc: string) => {
    const s = stack.model.services[svc];
    if (!s) throw new Error(`compose file has no service '${svc}'`);
    return s.networks.length ? s.networks.map((n) => n.name) : ["default"];
  };
  const of = nets(b);
  return nets(a).filter((n) => of.includes(n)).map((n) => {
    const engineName = stack.info.networks[n];
    if (!engineName) throw new Error(`network ${n} was not created for this stack`);
    return engineName;
  });
}

export function breakerFor(profile: StackProfile, role: Role): BreakerSpec | undefined {
  return profile.breakers.list.find((b) => b.guards === role);
}

/** Observation is over once a query was answered circuit_open and resetTimeoutMs has passed since. */
export function breakerOpenedAndRetried(breaker: BreakerSpec | undefined, fallbackMs: number) {
  return (samples: readonly Sample[]): boolean => {
    const first = samples.find((s) => s.probe === "query" && s.ok && (s.value as QueryReading).errorCode === "circuit_open");
    const last = samples[samples.length - 1];
    if (!first || !last) return false;
    return last.atMs - first.atMs >= (breaker?.resetTimeoutMs ?? fallbackMs);
  };
}

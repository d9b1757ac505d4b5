// The SLO in force for a run: defaults, then the profile's overrides, then the command line's.
import { readEnv, type SuiteEnv } from "../config/env.ts";
import type { StackProfile } from "../stack/profile.ts";
import { defaultSlo, mergeSlo, type Slo } from "./slo.ts";

export function sloFor(profile: StackProfile, env: SuiteEnv = readEnv()): Slo {
  const fromProfile = mergeSlo(defaultSlo, profile.slo ?? {}, `profile ${profile.name}`);
  return mergeSlo(fromProfile, env.sloOverrides, "--slo");
}

// Resolves the target stack (compose file + profile) from command-line flags and settings.
import { resolve } from "node:path";
import type { SuiteEnv } from "../config/env.ts";
import { composeFileOf, loadProfile, type StackProfile } from "./profile.ts";

export interface TargetStack {
  composeFile: string;
  profileFile: string;
  profile: StackProfile;
}

function flagValue(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(`--${name}`);
  if (i >= 0) return argv[i + 1];
  return argv.find((a) => a.startsWith(`--${name}=`))?.split("=").slice(1).join("=");
}

export async function resolveTarget(env: SuiteEnv, argv: string[] = []): Promise<TargetStack> {
  const profileFile = flagValue(argv, "profile") ?? env.profileFile ?? resolve(env.projectRoot, "stack", "reference.profile.ts");
  const profile = await loadProfile(resolve(profileFile));
  const composeFlag = flagValue(argv, "compose");
  const composeFile = composeFlag ? resolve(composeFlag) : env.profileFile || flagValue(argv, "profile") ? composeFileOf(profile) : env.composeFile;
  return { composeFile, profile, profileFile: resolve(profileFile) };
}

// Global setup of the `stack` project: lint the target, start it once, hand its info to the workers,
// tear it down at the end (the engine setup's teardown then reaps anything of this run that is left).
import type { TestProject } from "vitest/node";
import { readEnv, readVariables } from "../../harness/config/env.ts";
import { openEngineSession } from "../../harness/engine/engine-session.ts";
import { resolveTarget } from "../../harness/stack/target.ts";
import { launchStack } from "../../harness/stack/launcher/launch-stack.ts";
import type { StackInfo } from "../../harness/stack/launcher/started-stack.ts";
import { capabilitiesFor } from "./target-context.ts";
import { preflightLint } from "./preflight.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stackInfo: StackInfo;
    profileFile: string;
  }
}

export default async function setup(project: TestProject) {
  const env = readEnv();
  const session = openEngineSession(env);
  const target = await resolveTarget(env);
  const variables = readVariables();
  await preflightLint(target.composeFile, target.profile, variables, env.projectRoot);
  const caps = await capabilitiesFor(env, session);
  const log = (line: string) => console.log(`[stack] ${line}`);
  const stack = await launchStack({ session, composeFile: target.composeFile, profile: target.profile, variables, log, memoryLimitsEnforced: caps.memoryLimits.available, instance: "shared" });
  project.provide("stackInfo", stack.info);
  project.provide("profileFile", target.profileFile);
  return async () => {
    await stack.down();
  };
}

// Runs one family; a check that throws becomes a failed result naming the family, so one broken probe
// never hides the other results.
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";
import { result, type CheckContext, type CheckResult } from "./check-result.ts";
import type { SecurityFamily } from "./index.ts";

export async function runFamily(family: SecurityFamily, stack: StartedStack, profile: StackProfile, ctx: CheckContext): Promise<CheckResult[]> {
  try {
    return await family.run(stack, profile, ctx);
  } catch (err) {
    return [result(`${family.id}-checks-ran`, "*", false, `the checks threw: ${err instanceof Error ? err.message : String(err)}`, "every check of the family ran")];
  }
}

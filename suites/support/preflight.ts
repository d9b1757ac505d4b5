// Preflight of a target before anything starts: the lint must have no errors.
import { formatText, lintStack } from "../../harness/lint/index.ts";
import type { StackProfile } from "../../harness/stack/profile.ts";
import type { VariableMap } from "../../harness/stack/compose/index.ts";

export class PreflightError extends Error {
  override name = "PreflightError";
}

export async function preflightLint(composeFile: string, profile: StackProfile, variables: VariableMap, projectRoot: string): Promise<void> {
  const report = await lintStack(composeFile, { variables, stateless: profile.stateless, capAllowList: profile.capAllowList });
  if (report.errorCount > 0) {
    throw new PreflightError(`lint found ${report.errorCount} error(s) in ${composeFile}; fix them first:\n${formatText(report, projectRoot)}`);
  }
}

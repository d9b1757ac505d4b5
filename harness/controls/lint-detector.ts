// Static detection: the preflight lint flags the variant with a given rule at error severity.
import { lintStack } from "../lint/index.ts";
import type { DetectContext, Detection } from "./control-types.ts";

export function lintRule(ruleId: string) {
  return async (ctx: DetectContext): Promise<Detection> => {
    const report = await lintStack(ctx.composeFile, { stateless: ctx.profile.stateless, capAllowList: ctx.profile.capAllowList, variables: {} });
    const hits = report.findings.filter((f) => f.ruleId === ruleId && f.severity === "error");
    return { flagged: hits.length > 0, detail: hits.length ? hits.map((h) => `${h.service ?? "*"}: ${h.message}`).join("; ") : `no ${ruleId} error (${report.errorCount} errors in all)` };
  };
}

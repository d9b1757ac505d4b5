import type { ComposeModel, ServiceModel } from "../stack/compose/model.ts";
import { RULES, type LintFinding, type LintOptions, type RuleId, type Severity } from "./lint-types.ts";
import type { ServiceImage } from "./service-facts.ts";

export interface Report {
  rule: RuleId;
  file: string;
  line: number;
  service: string | undefined;
  message: string;
  fix?: string;
  severity?: Severity;
}

/** What every rule sees; `emit` appends to the report of this one lint run. */
export interface LintContext {
  model: ComposeModel;
  options: LintOptions;
  projectRoot: string;
  images: ReadonlyMap<string, ServiceImage>;
  emit(r: Report): void;
}

export function makeEmitter(findings: LintFinding[]): (r: Report) => void {
  return (r) => {
    findings.push({
      ruleId: r.rule, severity: r.severity ?? RULES[r.rule].severity, file: r.file, line: r.line, service: r.service,
      message: r.message, fix: r.fix ?? RULES[r.rule].fix,
    });
  };
}

export type ServiceRule = (lc: LintContext, svc: ServiceModel) => void;
export type ModelRule = (lc: LintContext) => void;

import { relative } from "node:path";
import { RULES, type LintFinding, type LintReport, type RuleId } from "./lint-types.ts";

export type OutputFormat = "text" | "json" | "sarif";

function where(f: LintFinding, cwd: string): string {
  return `${relative(cwd, f.file) || f.file}:${f.line}`;
}

/** One line per finding: `file:line severity [rule] service: message (fix: ...)`. */
export function formatText(report: LintReport, cwd: string): string {
  const lines = report.findings.map(
    (f) => `${where(f, cwd)} ${f.severity} [${f.ruleId}]${f.service ? ` ${f.service}:` : ""} ${f.message} (fix: ${f.fix})`,
  );
  lines.push(`${report.errorCount} error(s), ${report.warningCount} warning(s) in ${report.durationMs.toFixed(0)} ms`);
  return lines.join("\n");
}

export function formatJson(report: LintReport): string {
  return JSON.stringify(report, null, 2);
}

/** SARIF 2.1.0 for code-scanning upload; locations relative to `cwd` (the repository root). */
export function toSarif(report: LintReport, cwd: string): Record<string, unknown> {
  const used = [...new Set(report.findings.map((f) => f.ruleId))].sort();
  const ids = Object.keys(RULES) as RuleId[];
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "xnai-lint-stack",
            rules: ids.map((id) => ({
              id,
              shortDescription: { text: RULES[id].summary },
              help: { text: RULES[id].fix },
              defaultConfiguration: { level: RULES[id].severity },
            })),
          },
        },
        results: report.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ids.indexOf(f.ruleId),
          level: f.severity,
          message: { text: `${f.service ? `${f.service}: ` : ""}${f.message}. Fix: ${f.fix}` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relative(cwd, f.file).split("\\").join("/") || f.file },
                region: { startLine: Math.max(1, f.line) },
              },
            },
          ],
        })),
        properties: { rulesWithFindings: used },
      },
    ],
  };
}

export function formatReport(report: LintReport, format: OutputFormat, cwd: string): string {
  if (format === "json") return formatJson(report);
  if (format === "sarif") return JSON.stringify(toSarif(report, cwd), null, 2);
  return formatText(report, cwd);
}

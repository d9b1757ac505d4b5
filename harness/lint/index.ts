import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { ComposeError } from "../stack/compose/compose-error.ts";
import { loadCompose } from "../stack/compose/load.ts";
import { MODEL_RULES, SERVICE_RULES } from "./compose-rules.ts";
import { finalStage, readContainerfile, type ContainerfileModel } from "./containerfile.ts";
import { lintContainerfile, type ContainerfileUse } from "./containerfile-rules.ts";
import { makeEmitter, type LintContext } from "./lint-context.ts";
import type { LintFinding, LintOptions, LintReport } from "./lint-types.ts";
import type { ServiceImage } from "./service-facts.ts";

export { ComposeError };
export { formatReport, formatText, toSarif, type OutputFormat } from "./format.ts";
export { DEFAULT_CAP_ALLOW_LIST, RULES, type LintFinding, type LintOptions, type LintReport, type RuleId, type Severity } from "./lint-types.ts";

/** Nearest ancestor holding .git or package.json: what "inside the project" means for bind mounts. */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, ".git")) || existsSync(join(dir, "package.json"))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

function buildFile(context: string, dockerfile: string | undefined): string {
  if (dockerfile) return resolve(context, dockerfile);
  const cf = join(context, "Containerfile");
  return existsSync(cf) ? cf : join(context, "Dockerfile");
}

/**
 * Lint a compose file (tolerant: unset variables are findings) and the Containerfiles its builds use,
 * or `options.containerfiles` when given. Throws ComposeError when an input file is unreadable, not YAML or not compose.
 */
export async function lintStack(composeFile: string, options: LintOptions = {}): Promise<LintReport> {
  const started = performance.now();
  const model = loadCompose(composeFile, { mode: "tolerant", variables: options.variables ?? {} });
  const findings: LintFinding[] = [];
  const emit = makeEmitter(findings);
  const parsed = new Map<string, ContainerfileModel | undefined>();
  const read = (file: string) => {
    if (!parsed.has(file)) parsed.set(file, readContainerfile(file));
    return parsed.get(file);
  };
  const images = new Map<string, ServiceImage>();
  const uses = new Map<string, ContainerfileUse>();
  for (const svc of Object.values(model.services)) {
    if (!svc.build) continue;
    const file = buildFile(svc.build.context, svc.build.dockerfile);
    const cf = read(file);
    if (!cf) {
      emit({
        rule: "cf-missing", file: model.file, line: svc.build.line, service: svc.name,
        message: `build of ${svc.name} needs ${file}, which cannot be read`,
      });
      continue;
    }
    images.set(svc.name, { file, context: svc.build.context, cf, stage: finalStage(cf, svc.build.target) });
    const use = uses.get(file) ?? { cf, context: svc.build.context, target: svc.build.target, services: [] };
    use.services.push({ name: svc.name, user: svc.user });
    uses.set(file, use);
  }
  const lc: LintContext = { model, options, projectRoot: resolve(options.projectRoot ?? findProjectRoot(model.dir)), images, emit };
  for (const rule of MODEL_RULES) rule(lc);
  for (const svc of Object.values(model.services)) for (const rule of SERVICE_RULES) rule(lc, svc);
  for (const use of containerfileUses(options, uses, read)) lintContainerfile(use, emit);
  findings.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
  return {
    composeFile: model.file,
    containerfiles: [...new Set([...uses.keys(), ...(options.containerfiles ?? []).map((f) => resolve(f))])],
    findings,
    errorCount: findings.filter((f) => f.severity === "error").length,
    warningCount: findings.filter((f) => f.severity === "warning").length,
    durationMs: performance.now() - started,
  };
}

function containerfileUses(
  options: LintOptions, fromBuilds: Map<string, ContainerfileUse>, read: (file: string) => ContainerfileModel | undefined,
): ContainerfileUse[] {
  if (!options.containerfiles || options.containerfiles.length === 0) return [...fromBuilds.values()];
  return options.containerfiles.flatMap((f) => {
    const file = resolve(f);
    const known = fromBuilds.get(file);
    if (known) return [known];
    const cf = read(file);
    if (!cf) {
      throw new ComposeError({ code: "unreadable-file", file, message: `cannot read Containerfile ${file}; check the path given to the lint` });
    }
    return [{ cf, context: dirname(file), target: undefined, services: [] }];
  });
}

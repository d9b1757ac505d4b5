// The only module that reads process.env: every setting the suite honours is named and typed here.
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export type EngineKind = "rootless" | "rootful";

export interface SuiteEnv {
  /** Which Podman engine the suite drives: rootless by default; rootful for enforced cgroup limits. */
  engine: EngineKind;
  /** Unprivileged account that owns the rootless Podman engine when the suite runs as root. */
  rootlessUser: string;
  /** Explicit engine socket (unix://, tcp://, ssh://); overrides what setup discovered. */
  dockerHost: string | undefined;
  /** Compose file and profile of the target stack. */
  composeFile: string;
  profileFile: string | undefined;
  /** Identifier of this run; every resource carries it as a label. */
  runId: string;
  ci: boolean;
  /** Project root (where package.json lives). */
  projectRoot: string;
  reportsDir: string;
  /** Skip the automatic setup step in `npm test` / `npm run validate`. */
  skipSetup: boolean;
  verbose: boolean;
  /** SLO overrides from the command line (validate --slo key=value), JSON in XNAI_SLO_OVERRIDES. */
  sloOverrides: Record<string, unknown>;
  /** GitHub Actions job summary file, when running there. */
  jobSummaryFile: string | undefined;
  /** PID of the runner that owns this run's resources (the reaper checks whether it is alive). */
  ownerPid: number;
}

const projectRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

function pick<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new Error(`${name}=${raw} is not valid: use one of ${allowed.join(", ")}`);
}

function flag(name: string): boolean {
  const raw = process.env[name];
  return raw !== undefined && raw !== "" && raw !== "0" && raw.toLowerCase() !== "false";
}

function parseOverrides(raw: string | undefined): Record<string, unknown> {
  if (!raw) return {};
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    throw new Error(`XNAI_SLO_OVERRIDES is not valid JSON: ${raw}`);
  }
}

export function readEnv(): SuiteEnv {
  return {
    engine: pick("XNAI_ENGINE", ["rootless", "rootful"] as const, "rootless"),
    rootlessUser: process.env.XNAI_ROOTLESS_USER || "xnai",
    dockerHost: process.env.XNAI_DOCKER_HOST || undefined,
    composeFile: resolve(projectRoot, process.env.XNAI_COMPOSE || "stack/compose.yaml"),
    profileFile: process.env.XNAI_PROFILE ? resolve(projectRoot, process.env.XNAI_PROFILE) : undefined,
    runId: process.env.XNAI_RUN_ID || `run-${Date.now().toString(36)}-${process.pid}`,
    ci: flag("CI"),
    projectRoot,
    reportsDir: resolve(projectRoot, process.env.XNAI_REPORTS_DIR || "reports"),
    skipSetup: flag("XNAI_SKIP_SETUP"),
    verbose: flag("XNAI_VERBOSE"),
    ownerPid: Number(process.env.XNAI_OWNER_PID) || process.pid,
    sloOverrides: parseOverrides(process.env.XNAI_SLO_OVERRIDES),
    jobSummaryFile: process.env.GITHUB_STEP_SUMMARY || undefined,
  };
}

/** Environment handed to child processes and testcontainers once the engine is known. */
export function engineEnvironment(socketUrl: string): Record<string, string> {
  return {
    DOCKER_HOST: socketUrl,
    TESTCONTAINERS_HOST_OVERRIDE: "127.0.0.1",
    TESTCONTAINERS_RYUK_DISABLED: "true",
  };
}

/** Apply engine variables to this process (testcontainers reads them from process.env). */
export function applyEngineEnvironment(vars: Record<string, string>): void {
  for (const [k, v] of Object.entries(vars)) process.env[k] = v;
}

/** Fix the run id and owner for this process and the workers it spawns (they inherit process.env). */
export function pinRun(env: SuiteEnv): void {
  process.env.XNAI_RUN_ID = env.runId;
  process.env.XNAI_OWNER_PID = String(env.ownerPid);
  if (Object.keys(env.sloOverrides).length) process.env.XNAI_SLO_OVERRIDES = JSON.stringify(env.sloOverrides);
}

/** Hand the target and SLO overrides chosen on a command line to child processes (vitest workers). */
export function pinTarget(target: { composeFile: string; profileFile: string }, sloOverrides: Record<string, unknown>): void {
  process.env.XNAI_COMPOSE = target.composeFile;
  process.env.XNAI_PROFILE = target.profileFile;
  if (Object.keys(sloOverrides).length) process.env.XNAI_SLO_OVERRIDES = JSON.stringify(sloOverrides);
}

/** Variables for compose interpolation (the shell environment, as `docker compose` uses it). */
export function readVariables(): Record<string, string | undefined> {
  return { ...process.env };
}

/** Files every suite of a run writes into (cleared by the runner at the start of a run). */
export function runFiles(env: SuiteEnv) {
  return {
    metrics: resolve(env.reportsDir, "metrics.jsonl"),
    audit: resolve(env.reportsDir, "audit.jsonl"),
    journals: resolve(env.reportsDir, "journals"),
    capabilities: resolve(env.reportsDir, "capabilities.json"),
    summaryJson: resolve(env.reportsDir, "summary.json"),
    summaryMarkdown: resolve(env.reportsDir, "summary.md"),
    allureResults: resolve(env.reportsDir, "allure-results"),
    vitestResults: resolve(env.reportsDir, "vitest-results.json"),
  };
}

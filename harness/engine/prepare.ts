// What `npm test` and `npm run validate` do before anything runs: setup (idempotent, seconds when
// everything exists) and the inference package's own dependencies for the unit tests.
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { SuiteEnv } from "../config/env.ts";
import { runSetup } from "./setup.ts";
import { runCommand } from "./podman-cli.ts";
import { hostEnv } from "./host-setup.ts";

export async function prepareRun(env: SuiteEnv, log: (line: string) => void): Promise<void> {
  if (env.skipSetup) log("setup skipped (XNAI_SKIP_SETUP)");
  else {
    const r = await runSetup(env, (line) => log(`setup: ${line}`));
    log(`setup: ready in ${(r.elapsedMs / 1000).toFixed(1)} s`);
  }
  await ensurePackageFolder(join(env.projectRoot, "stack", "inference"), ["--omit=optional"], log);
}

/** npm ci in a service folder with its own lockfile, when its node_modules is missing or stale. */
export async function ensurePackageFolder(dir: string, extraArgs: string[], log: (line: string) => void): Promise<void> {
  if (!existsSync(join(dir, "package-lock.json"))) return;
  if (existsSync(join(dir, "node_modules", ".package-lock.json"))) return;
  log(`installing ${dir} dependencies (npm ci ${extraArgs.join(" ")})`);
  await runCommand(["npm", "ci", "--no-audit", "--no-fund", ...extraArgs], { ...hostEnv, HOME: process.env.HOME ?? "/root" }, { cwd: dir, timeoutMs: 600_000 });
}

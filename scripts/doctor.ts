// npm run doctor: one line per requirement (ok/warn/fail + fix) and the capability probe per engine.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEnv } from "../harness/config/env.ts";
import { readEngineState } from "../harness/engine/engine-target.ts";
import { engineChecks, hostChecks, type DoctorLine } from "../harness/engine/doctor-checks.ts";
import { probeCapabilities, type Capabilities } from "../harness/engine/capabilities.ts";
import { runLabels } from "../harness/engine/labels.ts";

const env = readEnv();
const state = readEngineState(env.projectRoot);
const lines: DoctorLine[] = await hostChecks(env.projectRoot);
if (!state) lines.push({ check: "engine", verdict: "fail", detail: "setup has not run", fix: "npm run setup (as root the first time)" });
const capabilities: Capabilities[] = [];
for (const target of Object.values(state?.engines ?? {})) {
  const engineLines = await engineChecks(target, state?.baseImage?.tag);
  lines.push(...engineLines);
  if (engineLines.some((l) => l.verdict === "fail") || !state?.baseImage) continue;
  capabilities.push(await probeCapabilities(target, state.baseImage.tag, runLabels(env.runId, process.pid)));
}
const width = Math.max(...lines.map((l) => l.check.length));
for (const l of lines) console.log(`${l.verdict.toUpperCase().padEnd(4)} ${l.check.padEnd(width)}  ${l.detail}${l.fix ? `  -> fix: ${l.fix}` : ""}`);
for (const c of capabilities) {
  for (const [name, cap] of Object.entries(c)) {
    if (typeof cap !== "object") continue;
    console.log(`CAP  ${`${c.engine}:${name}`.padEnd(width)}  ${cap.available ? "yes" : "no "}  ${cap.detail}`);
  }
}
mkdirSync(env.reportsDir, { recursive: true });
writeFileSync(join(env.reportsDir, "capabilities.json"), JSON.stringify({ doctor: lines, capabilities }, null, 2));
process.exit(lines.some((l) => l.verdict === "fail") ? 1 : 0);

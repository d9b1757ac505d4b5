// What the container suites share: the target (compose + profile), its SLO and the capability probe.
import { mkdirSync, writeFileSync, existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import type { SuiteEnv } from "../../harness/config/env.ts";
import { runFiles } from "../../harness/config/env.ts";
import type { EngineSession } from "../../harness/engine/engine-session.ts";
import { probeCapabilities, type Capabilities } from "../../harness/engine/capabilities.ts";
export { sloFor } from "../../harness/slo/resolve-slo.ts";

/** Probes once per run and engine; later calls read the recorded result. */
export async function capabilitiesFor(env: SuiteEnv, session: EngineSession): Promise<Capabilities> {
  const file = runFiles(env).capabilities.replace(/\.json$/, `.${session.target.kind}.json`);
  if (existsSync(file)) {
    const recorded = JSON.parse(readFileSync(file, "utf8")) as Capabilities & { runId?: string };
    if (recorded.runId === env.runId) return recorded;
  }
  const caps = await probeCapabilities(session.target, session.baseImage, session.labels);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify({ ...caps, runId: env.runId }, null, 2));
  return caps;
}

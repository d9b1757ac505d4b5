// Global setup shared by the container projects: engine env, run id, reaping of orphans before the
// run. This run's own leftovers are reaped by the runner (npm test / validate) once vitest has exited:
// a project's teardown here would also remove the other project's still-running shared stack.
import type { TestProject } from "vitest/node";
import { pinRun, readEnv } from "../../harness/config/env.ts";
import { openEngineSession, reapWithLog } from "../../harness/engine/engine-session.ts";

declare module "vitest" {
  export interface ProvidedContext {
    runId: string;
    engineKind: string;
    baseImage: string;
  }
}

export default async function setup(project: TestProject) {
  const env = { ...readEnv(), ownerPid: process.pid };
  pinRun(env);
  const session = openEngineSession(env);
  const log = (line: string) => console.log(line);
  await reapWithLog(session, { kind: "orphans" }, log);
  project.provide("runId", env.runId);
  project.provide("engineKind", session.target.kind);
  project.provide("baseImage", session.baseImage);
}

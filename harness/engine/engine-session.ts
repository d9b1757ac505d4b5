// Connects this process to the selected engine: env for testcontainers, the reaper, labels.
import { applyEngineEnvironment, engineEnvironment, readEnv, type SuiteEnv } from "../config/env.ts";
import { dockerodeFor } from "./engine-client.ts";
import { readEngineState, requireEngine, type EngineTarget } from "./engine-target.ts";
import { describeReap, reap, type ReapScope } from "./reaper.ts";
import { keepOwner, runLabels } from "./labels.ts";

export interface EngineSession {
  env: SuiteEnv;
  target: EngineTarget;
  baseImage: string;
  labels: Record<string, string>;
}

export function openEngineSession(env: SuiteEnv = readEnv(), opts: { keep?: boolean } = {}): EngineSession {
  const target = requireEngine(env.projectRoot, env.engine);
  const socketUrl = env.dockerHost ?? target.socketUrl;
  applyEngineEnvironment(engineEnvironment(socketUrl));
  const state = readEngineState(env.projectRoot);
  return {
    env,
    target: { ...target, socketUrl },
    baseImage: state?.baseImage?.tag ?? "localhost/xnai-base:latest",
    labels: runLabels(env.runId, opts.keep ? keepOwner : env.ownerPid),
  };
}

export async function reapWithLog(session: EngineSession, scope: ReapScope, log: (line: string) => void): Promise<void> {
  const r = await reap(dockerodeFor(session.target), scope);
  const total = r.containers + r.networks + r.volumes;
  if (scope.kind === "orphans") log(`reaper: removed ${describeReap(r)} left by earlier runs (${session.target.kind} engine)`);
  else if (total > 0) log(`reaper: removed ${describeReap(r)} of run ${scope.kind === "run" ? scope.runId : "*"} (${session.target.kind} engine)`);
}

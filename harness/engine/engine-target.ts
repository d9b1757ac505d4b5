// Describes how to reach one Podman engine: its API socket and how to run its CLI.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { EngineKind } from "../config/env.ts";

export interface EngineTarget {
  kind: EngineKind;
  /** Account owning the engine (root for rootful). */
  user: string;
  uid: number;
  /** unix:///..., tcp://..., ssh://... */
  socketUrl: string;
  /** Prefix to run podman as the engine's user (e.g. runuser -u xnai --). */
  commandPrefix: string[];
  commandEnv: Record<string, string | undefined>;
  runtimeDir: string;
  tmpDir: string;
}

export interface EngineState {
  writtenAt: string;
  engines: Partial<Record<EngineKind, EngineTarget>>;
  baseImage?: { tag: string; hash: string };
}

export function engineStatePath(projectRoot: string): string {
  return join(projectRoot, ".cache", "engine.json");
}

export function readEngineState(projectRoot: string): EngineState | undefined {
  const path = engineStatePath(projectRoot);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, "utf8")) as EngineState;
}

export class EngineNotReadyError extends Error {
  override name = "EngineNotReadyError";
}

export function requireEngine(projectRoot: string, kind: EngineKind): EngineTarget {
  const state = readEngineState(projectRoot);
  const target = state?.engines[kind];
  if (!target) throw new EngineNotReadyError(`the ${kind} Podman engine is not set up: run 'npm run setup' (as root to install everything)`);
  return target;
}

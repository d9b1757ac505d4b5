// The Podman API service that testcontainers talks to, one per engine: started detached,
// checked with /_ping, restarted when its socket is stale (e.g. after its process was killed).
import { spawn } from "node:child_process";
import { chownSync, closeSync, existsSync, mkdirSync, openSync, rmSync, statSync } from "node:fs";
import { request } from "node:http";
import { dirname, join } from "node:path";
import type { EngineTarget } from "./engine-target.ts";
import { waitUntil } from "../util/wait-until.ts";

export function socketPathOf(socketUrl: string): string | undefined {
  return socketUrl.startsWith("unix://") ? socketUrl.slice("unix://".length) : undefined;
}

export function pingSocket(socketPath: string, timeoutMs = 2000): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ socketPath, path: "/_ping", method: "GET", timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(false));
    req.end();
  });
}

/** Starts `podman system service` for the engine unless its socket already answers. Returns true if started. */
export async function ensureApiService(target: EngineTarget, logDir: string): Promise<boolean> {
  const socketPath = socketPathOf(target.socketUrl);
  if (!socketPath) return false; // remote engine: not ours to start
  if (await pingSocket(socketPath)) return false;
  if (existsSync(socketPath)) rmSync(socketPath, { force: true });
  mkdirSync(logDir, { recursive: true });
  // conmon drops files named 'oom' into the cwd: start from a scratch directory the user owns.
  const scratch = target.tmpDir;
  const socketDir = dirname(socketPath);
  mkdirSync(socketDir, { recursive: true, mode: 0o700 });
  if (statSync(socketDir).uid !== target.uid) chownSync(socketDir, target.uid, target.uid);
  const logFd = openSync(join(logDir, `podman-service-${target.kind}.log`), "a");
  const child = spawn(
    target.commandPrefix[0] ?? "podman",
    [...target.commandPrefix.slice(1), ...(target.commandPrefix.length ? ["podman"] : []), "system", "service", "--time=0", target.socketUrl],
    { env: target.commandEnv as NodeJS.ProcessEnv, cwd: scratch, detached: true, stdio: ["ignore", logFd, logFd] },
  );
  child.unref();
  closeSync(logFd);
  await waitUntil(() => pingSocket(socketPath), {
    timeoutMs: 30_000,
    intervalMs: 200,
    what: `Podman API (${target.kind}) to answer on ${socketPath}; see ${join(logDir, `podman-service-${target.kind}.log`)}`,
  });
  return true;
}

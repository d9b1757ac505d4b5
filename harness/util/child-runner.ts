// Runs a child command with inherited stdio and forwards SIGINT/SIGTERM, so an interrupted
// run still reaches its own teardown (the child tears down, then we reap by label).
import { spawn } from "node:child_process";

export interface ChildOutcome {
  code: number;
  signal: NodeJS.Signals | undefined;
}

export function runForwardingSignals(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: "inherit" });
    let received: NodeJS.Signals | undefined;
    const forward = (sig: NodeJS.Signals) => {
      received = sig;
      child.kill(sig);
    };
    process.on("SIGINT", forward);
    process.on("SIGTERM", forward);
    child.on("error", reject);
    child.on("close", (code) => {
      process.off("SIGINT", forward);
      process.off("SIGTERM", forward);
      resolve({ code: code ?? 1, signal: received });
    });
  });
}

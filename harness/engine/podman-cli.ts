// Runs the podman CLI against one engine. Used for what the Docker-compatible API cannot do
// (import, unshare, rootless netns, system commands); containers themselves go through testcontainers.
import { spawn } from "node:child_process";
import type { EngineTarget } from "./engine-target.ts";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export class CommandError extends Error {
  override name = "CommandError";
  constructor(
    readonly command: string,
    readonly result: CommandResult,
  ) {
    super(`'${command}' exited ${result.code}: ${lastLine(result.stderr) || lastLine(result.stdout)}`);
  }
  toJSON() {
    return { name: this.name, message: this.message, command: this.command, ...this.result };
  }
}

function lastLine(text: string): string {
  const lines = text.trim().split("\n");
  return lines[lines.length - 1] ?? "";
}

export interface RunOptions {
  input?: NodeJS.ReadableStream | string;
  timeoutMs?: number;
  cwd?: string;
  /** Resolve with the result instead of throwing on a non-zero exit. */
  allowFailure?: boolean;
}

export function runCommand(argv: string[], env: Record<string, string | undefined>, opts: RunOptions = {}): Promise<CommandResult> {
  const [cmd, ...args] = argv;
  if (!cmd) throw new Error("runCommand: empty argv");
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, { env: env as NodeJS.ProcessEnv, cwd: opts.cwd ?? "/tmp", stdio: ["pipe", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          stderr += `\n(timed out after ${opts.timeoutMs} ms)`;
          child.kill("SIGKILL");
        }, opts.timeoutMs)
      : undefined;
    child.on("error", (err) => {
      if (timer) clearTimeout(timer);
      reject(new Error(`cannot run ${cmd}: ${err.message}`));
    });
    child.on("close", (code) => {
      if (timer) clearTimeout(timer);
      const result = { code: code ?? 137, stdout, stderr };
      if (result.code !== 0 && !opts.allowFailure) reject(new CommandError(argv.join(" "), result));
      else resolvePromise(result);
    });
    if (typeof opts.input === "string") child.stdin.end(opts.input);
    else if (opts.input) opts.input.pipe(child.stdin);
    else child.stdin.end();
  });
}

/** podman for the given engine: through runuser when root drives another user's rootless engine. */
export function podman(target: EngineTarget, args: string[], opts: RunOptions = {}): Promise<CommandResult> {
  return runCommand([...target.commandPrefix, "podman", ...args], target.commandEnv, opts);
}

// exec through the engine API with exit code and separated output (works for remote engines).
import type Dockerode from "dockerode";
import { PassThrough } from "node:stream";

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  output: string;
}

export async function execIn(docker: Dockerode, containerId: string, cmd: string[], opts: { user?: string; timeoutMs?: number } = {}): Promise<ExecResult> {
  const exec = await docker.getContainer(containerId).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, User: opts.user });
  const stream = await exec.start({ hijack: true, stdin: false });
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = "";
  let stderr = "";
  out.on("data", (d: Buffer) => (stdout += d.toString()));
  err.on("data", (d: Buffer) => (stderr += d.toString()));
  docker.modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stream.destroy();
      reject(new Error(`exec ${cmd.join(" ")} in ${containerId.slice(0, 12)} did not finish within ${opts.timeoutMs ?? 30_000} ms`));
    }, opts.timeoutMs ?? 30_000);
    stream.on("end", () => {
      clearTimeout(timer);
      resolve();
    });
    stream.on("error", (e: Error) => {
      clearTimeout(timer);
      reject(e);
    });
  });
  const info = await exec.inspect();
  return { exitCode: info.ExitCode ?? -1, stdout, stderr, output: stdout + stderr };
}

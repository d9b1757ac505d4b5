// Runs a shell snippet in a service's container; an exec that cannot run becomes a finding, not a throw.
import type { StartedStack } from "../stack/launcher/started-stack.ts";

export interface ProbeOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
  error?: string;
}

export async function shellIn(stack: StartedStack, service: string, script: string, opts: { user?: string; timeoutMs?: number } = {}): Promise<ProbeOutput> {
  try {
    const r = await stack.exec(service, ["/bin/sh", "-c", script], { user: opts.user, timeoutMs: opts.timeoutMs ?? 20_000 });
    return { exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    return { exitCode: -1, stdout: "", stderr: "", error: err instanceof Error ? err.message : String(err) };
  }
}

/** Services of the stack itself (the suite's access proxy is not one of them). */
export function stackServices(stack: StartedStack): string[] {
  return [...stack.services.keys()];
}

export const oneLine = (s: string, max = 200) => {
  const t = s.replace(/\s+/g, " ").trim();
  return t.length > max ? `${t.slice(0, max)}...` : t;
};

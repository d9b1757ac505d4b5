// tmpfs mounts of a running service: their size, what is in them (df inside the container), the
// service's resident memory, and filling one to ENOSPC as the service's own user.
import { memoryLimitBytes } from "../stack/compose/index.ts";
import type { StartedStack } from "../stack/launcher/started-stack.ts";

export interface DiskFree {
  sizeBytes: number;
  usedBytes: number;
  availBytes: number;
}

export function tmpfsTargets(stack: StartedStack, service: string): string[] {
  const svc = stack.model.services[service];
  if (!svc) throw new Error(`no service '${service}' in ${stack.model.file}`);
  return svc.mounts.filter((m) => m.kind === "tmpfs").map((m) => m.target);
}

export function serviceUser(stack: StartedStack, service: string): string | undefined {
  return stack.model.services[service]?.user;
}

export function serviceMemoryLimit(stack: StartedStack, service: string): number | undefined {
  const svc = stack.model.services[service];
  return svc ? memoryLimitBytes(svc) : undefined;
}

export function parseDf(output: string): DiskFree {
  const line = output.trim().split("\n").at(-1) ?? "";
  const [, size, used, avail] = line.trim().split(/\s+/);
  const nums = [size, used, avail].map(Number);
  if (nums.some((n) => !Number.isFinite(n))) throw new Error(`unexpected df output: ${JSON.stringify(output)}`);
  return { sizeBytes: nums[0]!, usedBytes: nums[1]!, availBytes: nums[2]! };
}

export async function diskFree(stack: StartedStack, service: string, path: string): Promise<DiskFree> {
  const r = await stack.exec(service, ["df", "-P", "-B1", path], { timeoutMs: 10_000 });
  if (r.exitCode !== 0) throw new Error(`df ${path} in ${service}: exit ${r.exitCode}: ${r.output.trim()}`);
  return parseDf(r.stdout);
}

/** Sum of VmRSS over the container's processes, in bytes (procps-free: /proc is always there). */
export async function residentBytes(stack: StartedStack, service: string): Promise<number> {
  const r = await stack.exec(service, ["/bin/sh", "-c", "cat /proc/[0-9]*/status 2>/dev/null | grep '^VmRSS:' || true"], { timeoutMs: 10_000 });
  return r.stdout.split("\n").reduce((sum, line) => sum + Number(/VmRSS:\s+(\d+)\s+kB/.exec(line)?.[1] ?? 0) * 1024, 0);
}

export const fillFileName = ".xnai-fill";

export interface FillResult {
  exitCode: number;
  enospc: boolean;
  message: string;
  after: DiskFree;
}

/** Writes zeros into `path` until the tmpfs is full, as `user` (the service's own UID). */
export async function fillTmpfs(stack: StartedStack, service: string, path: string, user?: string): Promise<FillResult> {
  const before = await diskFree(stack, service, path);
  const bytes = before.availBytes + 1024 * 1024;
  const r = await stack.exec(service, ["/bin/sh", "-c", `head -c ${bytes} /dev/zero > "$0/${fillFileName}"`, path], { user, timeoutMs: 30_000 });
  return { exitCode: r.exitCode, enospc: /No space left on device/i.test(r.output), message: r.output.trim(), after: await diskFree(stack, service, path) };
}

export async function removeFill(stack: StartedStack, service: string, path: string, user?: string): Promise<void> {
  const r = await stack.exec(service, ["rm", "-f", `${path}/${fillFileName}`], { user, timeoutMs: 10_000 });
  if (r.exitCode !== 0) throw new Error(`removing the fill in ${service}:${path}: ${r.output.trim()}`);
}

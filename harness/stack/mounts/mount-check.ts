// The verdict every mount/permission check returns: one per service and path, with what was seen.
export interface MountCheck {
  check: string;
  service: string;
  ok: boolean;
  found: string;
}

export const failed = (checks: readonly MountCheck[]): MountCheck[] => checks.filter((c) => !c.ok);

export function describeChecks(checks: readonly MountCheck[]): string {
  return checks.map((c) => `${c.ok ? "ok  " : "FAIL"} ${c.check} ${c.service}: ${c.found}`).join("\n");
}

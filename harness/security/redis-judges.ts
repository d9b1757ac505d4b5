// Verdicts of the Redis checks (pure, unit-tested).
import { result, type CheckResult } from "./check-result.ts";

export type Reply = { ok: true; value: string } | { ok: false; error: string };

export function judgeUnauthenticated(service: string, command: string, reply: Reply): CheckResult {
  const refused = !reply.ok && /^NOAUTH\b/.test(reply.error);
  return result("redis-noauth", service, refused, `unauthenticated ${command}: ${reply.ok ? `accepted (${reply.value})` : reply.error}`, "refused with NOAUTH");
}

/**
 * `dryRun`: the ACL's verdict for the app user (ACL DRYRUN as admin), undefined when the server has none.
 * `live`: the app user's own attempt, made only when the ACL denies it (a destructive command is never
 * run on a server that would allow it). A protected command (DEBUG) may be refused before the ACL is
 * consulted; the ACL verdict then decides.
 */
export function judgeAppCommand(service: string, command: string, dryRun: Reply | undefined, live: Reply | undefined): CheckResult {
  const aclDenies = dryRun !== undefined && (!dryRun.ok || /no permissions/i.test(dryRun.value));
  const liveNoPerm = live !== undefined && !live.ok && /^NOPERM\b/.test(live.error);
  const liveRefused = live !== undefined && !live.ok;
  const ok = liveNoPerm || (liveRefused && aclDenies);
  const dry = dryRun === undefined ? "ACL DRYRUN unavailable" : `ACL DRYRUN: ${dryRun.ok ? dryRun.value : dryRun.error}`;
  const got = live === undefined ? "not attempted (the ACL allows it)" : live.ok ? `accepted (${live.value})` : live.error;
  return result("redis-app-acl", service, ok, `${command} as app user: ${got}; ${dry}`, "refused with NOPERM (or refused and denied by the ACL)");
}

export function judgeSecretExposure(service: string, where: Record<string, string[]>): CheckResult {
  const hits = Object.entries(where).filter(([, names]) => names.length);
  return result(
    "secrets-not-exposed",
    service,
    hits.length === 0,
    hits.length ? hits.map(([place, names]) => `${names.join(",")} in ${place}`).join("; ") : "no credential in process args, process environments, Config.Env, Cmd or Entrypoint",
    "credentials only in secret files",
  );
}

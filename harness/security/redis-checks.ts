// Redis: unauthenticated commands refused, the app user cannot FLUSHALL/CONFIG/DEBUG, and no
// credential is visible in any container's processes or configuration.
import { Redis } from "ioredis";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";
import type { CheckResult, SecurityCheck } from "./check-result.ts";
import { result } from "./check-result.ts";
import { oneLine, shellIn, stackServices } from "./container-probe.ts";
import { judgeAppCommand, judgeSecretExposure, judgeUnauthenticated, type Reply } from "./redis-judges.ts";
import { credentialSecrets, readSecret, secretsIn } from "./secrets.ts";

export function redisClient(stack: StartedStack, profile: StackProfile, auth?: { username?: string; password: string }): Redis {
  const { service, port } = profile.endpoints.redis;
  const a = stack.address(service, port);
  // No ready check: its INFO would fail unauthenticated and close the connection before the probe.
  const client = new Redis({ host: a.host, port: a.port, username: auth?.username, password: auth?.password, lazyConnect: true, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, connectTimeout: 5_000, commandTimeout: 5_000 });
  client.on("error", () => undefined);
  return client;
}

async function reply(client: Redis, args: string[]): Promise<Reply> {
  try {
    const v = await client.call(args[0]!, ...args.slice(1));
    return { ok: true, value: oneLine(JSON.stringify(v)) };
  } catch (err) {
    return { ok: false, error: oneLine(err instanceof Error ? err.message : String(err)) };
  }
}

async function connected<T>(client: Redis, use: (c: Redis) => Promise<T>): Promise<T> {
  try {
    await client.connect();
    return await use(client);
  } finally {
    client.disconnect();
  }
}

const appCommands: string[][] = [["FLUSHALL"], ["CONFIG", "GET", "maxmemory"], ["DEBUG", "SLEEP", "0"]];

export const redisAuthChecks: SecurityCheck = async (stack, profile) => {
  const service = profile.endpoints.redis.service;
  const out: CheckResult[] = [];
  await connected(redisClient(stack, profile), async (anon) => {
    for (const cmd of [["PING"], ["GET", "xnai:security:probe"]]) out.push(judgeUnauthenticated(service, cmd.join(" "), await reply(anon, cmd)));
  });
  const { redisAppUser, redisAppSecret, redisAdminSecret } = profile.credentials;
  if (!redisAppUser || !redisAppSecret) {
    out.push(result("redis-app-acl", service, false, "the profile names no app user/secret", "an app user without FLUSHALL/CONFIG/DEBUG"));
    return out;
  }
  const admin = redisClient(stack, profile, { password: readSecret(stack, redisAdminSecret) });
  const app = redisClient(stack, profile, { username: redisAppUser, password: readSecret(stack, redisAppSecret) });
  await connected(admin, (a) =>
    connected(app, async (u) => {
      for (const cmd of appCommands) {
        const dry = await reply(a, ["ACL", "DRYRUN", redisAppUser, ...cmd]);
        const dryRun = !dry.ok && /unknown (sub)?command/i.test(dry.error) ? undefined : dry;
        const allowed = dryRun?.ok === true && dryRun.value === '"OK"';
        out.push(judgeAppCommand(service, cmd.join(" "), dryRun, allowed ? undefined : await reply(u, cmd)));
      }
    }),
  ).catch((err: Error) => out.push(result("redis-app-acl", service, false, `could not log in: ${oneLine(err.message)}`, "admin and app users can authenticate")));
  return out;
};

const processDump = `for p in /proc/[0-9]*; do [ "$p" = "/proc/$$" ] && continue; printf '\\n== %s\\n' "\${p#/proc/}"; tr '\\0' ' ' < "$p/cmdline" 2>/dev/null; echo; tr '\\0' '\\n' < "$p/environ" 2>/dev/null; done`;

export const secretExposureCheck: SecurityCheck = async (stack, profile) => {
  const secrets = credentialSecrets(stack, profile);
  return Promise.all(
    stackServices(stack).map(async (service) => {
      const [info, dump] = await Promise.all([stack.inspect(service), shellIn(stack, service, processDump)]);
      if (dump.error || dump.exitCode !== 0) return result("secrets-not-exposed", service, false, `process list not readable: ${oneLine(dump.error ?? dump.stderr)}`, "process list readable");
      return judgeSecretExposure(service, {
        "process args/environments": secretsIn(dump.stdout, secrets),
        "Config.Env": secretsIn((info.Config.Env ?? []).join("\n"), secrets),
        "Cmd/Entrypoint": secretsIn([...(info.Config.Cmd ?? []), ...[info.Config.Entrypoint ?? []].flat(), info.Path, ...(info.Args ?? [])].join("\n"), secrets),
      });
    }),
  );
};

export const redisChecks: SecurityCheck = async (stack, profile, ctx) => [...(await redisAuthChecks(stack, profile, ctx)), ...(await secretExposureCheck(stack, profile, ctx))];

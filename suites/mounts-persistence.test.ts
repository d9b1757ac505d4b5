// Private Redis stacks, data on tmpfs and on a named volume (`:U`), with AOF every second: Redis can
// BGSAVE and BGREWRITEAOF into its data dir in both modes; a restart wipes the tmpfs and keeps the
// volume. Each restart check also runs on the other mode, where it must fail.
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { stackTest } from "./support/stack-fixture.ts";
import type { StartedStack } from "../harness/stack/launcher/started-stack.ts";
import { describeChecks, type MountCheck } from "../harness/stack/mounts/mount-check.ts";
import { overlapCheck, tmpfsChecks } from "../harness/stack/mounts/live-mount-checks.ts";
import { checkRedisPersistence } from "../harness/stack/mounts/redis-persistence-check.ts";
import { checkDataAfterRestart } from "../harness/stack/mounts/restart-persistence-check.ts";
import { redisOnTmpfs, redisOnVolume, type RedisMountTarget } from "../harness/stack/mounts/mount-variants.ts";

const test = stackTest.extend<{ redisTarget: RedisMountTarget; persistenceVariables: Record<string, string> }>({
  redisTarget: async ({ stack, profile }, use) => use({ model: stack.model, service: profile.roles.redis, dataPath: profile.persistence?.dataPath ?? "/data" }),
  persistenceVariables: async ({ profile }, use) => {
    const p = profile.persistence;
    if (!p?.modes.includes("aof-everysec")) throw new Error(`profile ${profile.name} declares no aof-everysec persistence mode (persistence.modes)`);
    await use({ [p.variable]: "aof-everysec" });
  },
});

async function persistenceChecks(stack: StartedStack, t: RedisMountTarget, port: number, password: string, readyMs: number): Promise<MountCheck[]> {
  const checks = await checkRedisPersistence({ stack, service: t.service, port, password, timeoutMs: readyMs });
  checks.push(await overlapCheck(stack, t.service));
  checks.push(await checkDataAfterRestart(stack, t.service, t.dataPath, "vanishes", readyMs));
  checks.push(await checkDataAfterRestart(stack, t.service, t.dataPath, "survives", readyMs));
  return checks;
}

const okOf = (checks: MountCheck[]) => Object.fromEntries(checks.map((c) => [c.check.split(" ")[0], c.ok]));

test("data on tmpfs: Redis persists into it, and a restart wipes it", async ({ launch, profile, slo, redisTarget, persistenceVariables }) => {
  await allure.epic("mounts and permissions");
  await allure.feature("persistence on tmpfs and volumes");
  await allure.parameter("data", "tmpfs");
  const stack = await launch({ override: redisOnTmpfs(redisTarget), variables: persistenceVariables, instance: "mnt-tmpfs" });
  const password = readFileSync(stack.model.secrets[profile.credentials.redisAdminSecret]!.file!, "utf8").trim();
  const checks = [...(await tmpfsChecks(stack, redisTarget.service)), ...(await persistenceChecks(stack, redisTarget, profile.endpoints.redis.port, password, slo.recoveryMs))];
  await allure.attachment("checks (tmpfs)", describeChecks(checks), "text/plain");
  expect(checks.filter((c) => c.check.startsWith("tmpfs-")).every((c) => c.ok), describeChecks(checks)).toBe(true);
  expect(okOf(checks), describeChecks(checks)).toEqual({
    "redis-bgsave": true,
    "redis-bgrewriteaof": true,
    "tmpfs-volume-overlap": true,
    "data-vanishes-after-restart": true,
    "data-survives-after-restart": false,
    "tmpfs-mounted": true,
    "tmpfs-size": true,
    "tmpfs-mode": true,
    "tmpfs-writable": true,
  });
});

test("data on a named volume with :U: Redis persists into it, and a restart keeps it", async ({ launch, profile, slo, redisTarget, persistenceVariables }) => {
  await allure.epic("mounts and permissions");
  await allure.feature("persistence on tmpfs and volumes");
  await allure.parameter("data", "named volume :U");
  const stack = await launch({ override: redisOnVolume(redisTarget), variables: persistenceVariables, instance: "mnt-vol" });
  const password = readFileSync(stack.model.secrets[profile.credentials.redisAdminSecret]!.file!, "utf8").trim();
  const mount = (await stack.inspect(redisTarget.service)).Mounts.find((m) => m.Destination === redisTarget.dataPath);
  expect(mount?.Type).toBe("volume");
  const checks = await persistenceChecks(stack, redisTarget, profile.endpoints.redis.port, password, slo.recoveryMs);
  await allure.attachment("checks (volume)", describeChecks(checks), "text/plain");
  expect(okOf(checks), describeChecks(checks)).toEqual({
    "redis-bgsave": true,
    "redis-bgrewriteaof": true,
    "tmpfs-volume-overlap": true,
    "data-vanishes-after-restart": false,
    "data-survives-after-restart": true,
  });
});

// Every service of the shared stack: declared tmpfs mounted with size and mode and writable by the UID
// it runs as, no tmpfs/volume overlap in the live container, container root not host root (rootless).
// A broken Redis variant proves each check can fail.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { stackTest as test } from "./support/stack-fixture.ts";
import { describeChecks, failed, type MountCheck } from "../harness/stack/mounts/mount-check.ts";
import { mountChecks, overlapCheck, tmpfsChecks } from "../harness/stack/mounts/live-mount-checks.ts";
import { checkRedisPersistence } from "../harness/stack/mounts/redis-persistence-check.ts";
import { brokenDir, redisBroken, redisSamePathTmpfsAndVolume } from "../harness/stack/mounts/mount-variants.ts";
import { readFileSync } from "node:fs";

const byCheck = (checks: MountCheck[], prefix: string) => checks.find((c) => c.check.startsWith(prefix));

test("every service: tmpfs mounted, sized, moded and writable by its UID; no overlap; root is not host root", async ({ stack, engine, audit }) => {
  await allure.epic("mounts and permissions");
  await allure.feature("tmpfs and rootless mapping");
  const checks: MountCheck[] = [];
  for (const service of stack.services.keys()) checks.push(...(await mountChecks(stack, service)));
  await allure.attachment("mount checks", describeChecks(checks), "text/plain");
  audit.append("mount-checks", stack.prefix, failed(checks).length ? "fail" : "ok", { checks: checks.length, failed: failed(checks).length });
  const gated = engine.target.kind === "rootless" ? checks : checks.filter((c) => c.check !== "container-root-not-host-root");
  expect(checks.filter((c) => c.check.startsWith("tmpfs-mounted")).length).toBeGreaterThan(0);
  expect(failed(gated), describeChecks(failed(gated))).toEqual([]);
});

test("a broken Redis variant fails the mode, writability, overlap and persistence checks", async ({ stack, profile, launch }) => {
  await allure.epic("mounts and permissions");
  await allure.feature("negative controls");
  const service = profile.roles.redis;
  const dataPath = profile.persistence?.dataPath ?? "/data";
  const broken = await launch({ override: redisBroken({ model: stack.model, service, dataPath }), instance: "mnt-broken" });
  const checks = [...(await tmpfsChecks(broken, service)), await overlapCheck(broken, service)];
  const password = readFileSync(broken.model.secrets[profile.credentials.redisAdminSecret]!.file!, "utf8").trim();
  checks.push(...(await checkRedisPersistence({ stack: broken, service, port: profile.endpoints.redis.port, password, timeoutMs: 20_000 })));
  await allure.attachment("mount checks (broken variant)", describeChecks(checks), "text/plain");
  expect(byCheck(checks, `tmpfs-mode ${dataPath}`)).toMatchObject({ ok: false, found: expect.stringMatching(/declared 0755/) });
  expect(byCheck(checks, `tmpfs-writable ${brokenDir}`)).toMatchObject({ ok: false, found: expect.stringMatching(/Permission denied/) });
  expect(byCheck(checks, "tmpfs-volume-overlap")).toMatchObject({ ok: false, found: `tmpfs ${dataPath} and volume ${dataPath}/nested are nested` });
  expect(byCheck(checks, "redis-bgsave")).toMatchObject({ ok: false, check: `redis-bgsave ${brokenDir}` });
});

test("a tmpfs and a volume on the same path are refused at create, naming the service and key", async ({ stack, profile, launch }) => {
  await allure.epic("mounts and permissions");
  await allure.feature("negative controls");
  const service = profile.roles.redis;
  const dataPath = profile.persistence?.dataPath ?? "/data";
  const attempt = launch({ override: redisSamePathTmpfsAndVolume({ model: stack.model, service, dataPath }), instance: "mnt-same" });
  await expect(attempt).rejects.toThrow(new RegExp(`service '${service}' volumes did not become ready: .*duplicate mount destination`));
});

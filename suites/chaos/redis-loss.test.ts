// Acknowledged writes against a Redis that is SIGKILLed (then restarted by its policy, or started) and,
// on the same instance, gracefully restarted: lost/unexpected/recovered per persistence setting and data
// place. One Redis-only stack per setting: REDIS_PERSISTENCE is read by the entrypoint at every container
// start, so a CONFIG SET switch would be undone by the very restart under test (see the report).
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readEnv, readVariables } from "../../harness/config/env.ts";
import { loadCompose } from "../../harness/stack/compose/index.ts";
import { composeFileOf } from "../../harness/stack/profile.ts";
import {
  legacyModeMeasures,
  placedMode,
  redisDataPlaces,
  redisPersistenceSettings,
  type LegacyRedisPersistenceMode,
  type RedisDataPlace,
  type RedisPersistenceSetting,
} from "../../harness/slo/slo.ts";
import { lostAckedWritesMetricId } from "../../harness/metrics/metric-catalogue.ts";
import { connectRedis, waitRedisReady } from "../../harness/redis-loss/redis-admin.ts";
import { runLossTrial, type LossTrialResult } from "../../harness/redis-loss/loss-trial.ts";
import { lossRow, lossTableMarkdown, type LossRow } from "../../harness/redis-loss/loss-table.ts";
import { redisPlaceOverride } from "../../harness/redis-loss/redis-variants.ts";
import { stackTest as test } from "../support/stack-fixture.ts";

const ratePerSec = 200;
const writeMs = 2_500;
const faultAtMs = 1_000;
const faults = ["sigkill", "crash", "restart"] as const;

const rows: LossRow[] = [];

function writeTable(place: RedisDataPlace | "all"): { md: string; json: string } {
  const dir = readEnv().reportsDir;
  mkdirSync(dir, { recursive: true });
  const md = `${lossTableMarkdown(rows, "Redis data loss: acknowledged writes per persistence setting and data place")}
Method: ${ratePerSec} SET/s for ${writeMs} ms, the fault ${faultAtMs} ms in; lost = acknowledged but absent after the restart.
sigkill = the engine kills the container (Podman counts that as a user stop: its restart policy does not act, so the suite starts it);
crash = the server process is SIGKILLed inside the container (the restart policy restarts it); restart = graceful stop and start.
One Redis-only stack per setting: the entrypoint applies REDIS_PERSISTENCE at every container start, so a CONFIG SET switch
would be reverted by the very restart under test (and a server started without appendonly ignores an AOF left on disk).
`;
  const json = JSON.stringify({ generatedAt: new Date().toISOString(), ratePerSec, writeMs, faultAtMs, place, rows }, null, 2);
  writeFileSync(join(dir, "redis-data-loss.md"), md);
  writeFileSync(join(dir, "redis-data-loss.json"), json);
  return { md, json };
}

for (const place of redisDataPlaces) {
  test(`acknowledged writes survive a SIGKILL and a restart per persistence setting, data on ${place}`, async ({ launch, profile, slo, metrics, audit }) => {
    await allure.epic("chaos");
    await allure.feature("redis loss");
    await allure.parameter("data place", place);
    const persistence = profile.persistence;
    if (!persistence) {
      for (const setting of redisPersistenceSettings) await metrics.notRun(lostAckedWritesMetricId(placedMode(setting, place)), `profile ${profile.name} declares no persistence variable`);
      return;
    }
    const redisService = profile.endpoints.redis.service;
    const base = loadCompose(composeFileOf(profile), { mode: "strict", variables: readVariables() });
    const override = redisPlaceOverride(base, redisService, persistence.dataPath, place);
    const settings = redisPersistenceSettings.filter((s) => persistence.modes.includes(s));

    const trial = async (setting: RedisPersistenceSetting): Promise<LossTrialResult[]> => {
      const stack = await allure.step(`launch Redis with ${setting} on ${place}`, () =>
        launch({ override, variables: { [persistence.variable]: setting }, instance: `${setting}-${place}`.replace("aof-", "") }),
      );
      const redis = connectRedis(stack, profile, "admin");
      try {
        await waitRedisReady(redis, slo.stackHealthyMs);
        const common = { stack, service: redisService, redis, ratePerSec, writeMs, faultAtMs, policyWaitMs: slo.recoveryMs / 2, readyTimeoutMs: slo.recoveryMs * 3 };
        const out: LossTrialResult[] = [];
        for (const fault of faults) {
          const result = await runLossTrial({ ...common, fault, keyPrefix: `loss:${fault}:` });
          await audit.append(`redis-${fault}`, `${stack.prefix}/${redisService}`, "ok", `${setting} on ${place}: lost ${result.report.lost}/${result.report.acknowledged}, back by ${result.back.restartedBy}`);
          out.push(result);
        }
        return out;
      } finally {
        redis.disconnect();
      }
    };
    const results = await Promise.all(settings.map(async (setting) => [setting, await trial(setting)] as const));

    for (const [setting, trials] of results) {
      const mode = placedMode(setting, place);
      rows.push(...trials.map((t) => lossRow(mode, t, slo.redisLostAckedWritesMax[mode])));
      // the SLO's "process kill": the worse of the engine SIGKILL and the in-container crash
      const kills = trials.filter((t) => t.fault !== "restart");
      const lost = Math.max(...kills.map((t) => t.report.lost));
      const detail = kills.map((t) => `${t.fault}: ${t.report.lost}/${t.report.acknowledged} acked lost, back by ${t.back.restartedBy} in ${Math.round(t.outageMs)} ms`).join("; ");
      await metrics.record(lostAckedWritesMetricId(mode), lost, detail);
      for (const [legacy, measures] of Object.entries(legacyModeMeasures)) {
        if (measures === mode) await metrics.record(lostAckedWritesMetricId(legacy as LegacyRedisPersistenceMode), lost, `measured as ${mode}: ${detail}`);
      }
    }
    rows.sort((a, b) => a.mode.localeCompare(b.mode) || a.fault.localeCompare(b.fault));
    const { md, json } = writeTable(place);
    await allure.attachment("redis-data-loss.md", md, "text/markdown");
    await allure.attachment("redis-data-loss.json", json, "application/json");

    const mine = rows.filter((r) => r.place === place);
    for (const r of mine) {
      expect.soft(r.acknowledged, `${r.mode} ${r.fault}: the writer got acknowledgements before the fault`).toBeGreaterThan(0);
      expect.soft(r.unexpected, `${r.mode} ${r.fault}: ids read back that were never written`).toBe(0);
      if (r.verdict !== "report-only") expect.soft(r.lost, `${r.mode} ${r.fault}: lost acknowledged writes within the SLO allowance ${r.allowance}`).toBeLessThanOrEqual(r.allowance as number);
    }
    // The negative control: with no persistence a SIGKILL must lose what it acknowledged; a checker that
    // finds nothing here reads the wrong place or the kill never happened.
    for (const none of mine.filter((r) => r.setting === "none" && r.fault !== "restart")) {
      expect(none.lost, `no persistence: the ${none.fault} loses what was acknowledged before it`).toBeGreaterThanOrEqual(none.ackedBeforeFault);
    }
  });
}

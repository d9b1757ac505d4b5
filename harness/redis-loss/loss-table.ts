// The data-loss table: persistence setting x data place x fault, with the SLO allowance of each
// placed mode, as JSON and markdown.
import type { LostWritesAllowance, RedisDataPlace, RedisPersistenceSetting, RedisPlacedMode } from "../slo/slo.ts";
import type { LossTrialResult } from "./loss-trial.ts";

export interface LossRow {
  mode: RedisPlacedMode;
  setting: RedisPersistenceSetting;
  place: RedisDataPlace;
  fault: LossTrialResult["fault"];
  acknowledged: number;
  ackedBeforeFault: number;
  lost: number;
  unexpected: number;
  recovered: number;
  lostRatio: number;
  restartedBy: string;
  outageMs: number;
  /** Applies to the kill rows only (engine SIGKILL and in-container crash); the SLO speaks of a process kill. */
  allowance: LostWritesAllowance | "n/a";
  verdict: "pass" | "fail" | "report-only";
  aofEnabledAfter: string | undefined;
}

export function lossRow(mode: RedisPlacedMode, result: LossTrialResult, allowance: LostWritesAllowance): LossRow {
  const [setting, place] = mode.split(".") as [RedisPersistenceSetting, RedisDataPlace];
  const r = result.report;
  const judged = result.fault === "restart" ? "n/a" : allowance;
  return {
    mode,
    setting,
    place,
    fault: result.fault,
    acknowledged: r.acknowledged,
    ackedBeforeFault: result.ackedBeforeFault,
    lost: r.lost,
    unexpected: r.unexpected,
    recovered: r.recovered,
    lostRatio: r.acknowledged === 0 ? 0 : r.lost / r.acknowledged,
    restartedBy: result.back.restartedBy,
    outageMs: Math.round(result.outageMs),
    allowance: judged,
    verdict: judged === null || judged === "n/a" ? "report-only" : r.lost <= judged && r.unexpected === 0 ? "pass" : "fail",
    aofEnabledAfter: result.persistenceAfter.aof_enabled,
  };
}

export function lossTableMarkdown(rows: readonly LossRow[], heading: string): string {
  const lines = [
    `## ${heading}`,
    "",
    "| persistence | data on | fault | acked | acked before fault | lost | lost % | unexpected | recovered | back by | outage ms | allowance | verdict |",
    "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- |",
  ];
  for (const r of rows) {
    const allowance = r.allowance === null ? "report only" : String(r.allowance);
    lines.push(
      `| ${r.setting} | ${r.place} | ${r.fault} | ${r.acknowledged} | ${r.ackedBeforeFault} | ${r.lost} | ${(r.lostRatio * 100).toFixed(1)} | ${r.unexpected} | ${r.recovered} | ${r.restartedBy} | ${r.outageMs} | ${allowance} | ${r.verdict} |`,
    );
  }
  const tmpfsAof = rows.filter((r) => r.place === "tmpfs" && r.setting.startsWith("aof") && r.ackedBeforeFault > 0);
  if (tmpfsAof.length > 0 && tmpfsAof.every((r) => r.lost >= r.ackedBeforeFault)) {
    lines.push(
      "",
      "**AOF on the tmpfs kept nothing**: every restart of the container (kill, crash or graceful) recreated the tmpfs empty, so every write acknowledged before the fault was lost, appendfsync always included. Only writes acknowledged after the restart remain. Durability needs the data directory on a volume.",
    );
  }
  return `${lines.join("\n")}\n`;
}

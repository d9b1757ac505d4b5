import { describe, expect, it } from "vitest";
import { checkDataLoss, type WriteAttempt } from "../checkers/data-loss-checker.ts";
import { classifyWriteError } from "./acked-writer.ts";
import { lossRow, lossTableMarkdown } from "./loss-table.ts";
import type { LossTrialResult } from "./loss-trial.ts";

function trial(fault: LossTrialResult["fault"], acked: number, survived: number): LossTrialResult {
  const history: WriteAttempt[] = Array.from({ length: acked }, (_, i) => ({ id: `k${i}`, outcome: "acked", ackedAtMs: i }));
  const present = history.slice(acked - survived).map((a) => a.id);
  return {
    fault,
    report: checkDataLoss(history, present),
    back: { restartedBy: "restart-policy", exitSeenAtMs: 1, exitCode: 137, runningAtMs: 2, restartPolicy: "unless-stopped", restartCount: 1 },
    faultAtMs: acked,
    ackedBeforeFault: acked,
    outageMs: 900,
    writesPerSec: 200,
    writerErrors: {},
    persistenceAfter: { aof_enabled: "1" },
  };
}

describe("lossRow", () => {
  it("fails a gated mode that lost acknowledged writes after a kill", () => {
    const row = lossRow("aof-everysec.volume", trial("crash", 100, 97), 0);
    expect(row).toMatchObject({ lost: 3, verdict: "fail", allowance: 0 });
  });

  it("passes a gated mode that kept everything, and reports a null allowance without judging", () => {
    expect(lossRow("aof-always.volume", trial("sigkill", 50, 50), 0).verdict).toBe("pass");
    expect(lossRow("aof-always.tmpfs", trial("sigkill", 50, 0), null)).toMatchObject({ lost: 50, verdict: "report-only" });
  });

  it("does not judge graceful restarts against the process-kill allowance", () => {
    expect(lossRow("rdb.volume", trial("restart", 10, 0), 0)).toMatchObject({ allowance: "n/a", verdict: "report-only" });
  });

  it("says plainly when AOF on tmpfs kept nothing", () => {
    const md = lossTableMarkdown([lossRow("aof-always.tmpfs", trial("crash", 20, 0), null)], "t");
    expect(md).toMatch(/AOF on the tmpfs kept nothing/);
    expect(lossTableMarkdown([lossRow("aof-always.tmpfs", trial("crash", 20, 20), null)], "t")).not.toMatch(/kept nothing/);
  });
});

describe("classifyWriteError", () => {
  it("treats an unsent command and a server rejection as failed, anything else as indeterminate", () => {
    expect(classifyWriteError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe("failed");
    const reply = Object.assign(new Error("LOADING Redis is loading the dataset in memory"), { name: "ReplyError" });
    expect(classifyWriteError(reply)).toBe("failed");
    expect(classifyWriteError(new Error("Command timed out"))).toBe("indeterminate");
    expect(classifyWriteError(new Error("Connection is closed."))).toBe("indeterminate");
  });
});

// The runner's verdicts on synthetic scenarios: each check has a variant that must fail it.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { injectedFault } from "../faults/fault.ts";
import { runScenario } from "./run-scenario.ts";
import { check, defineScenario, type Scenario } from "./scenario.ts";

interface World {
  up: boolean;
  undone: number;
}

const caps = { pause: { available: false, detail: "rootless cgroup v1" }, iptablesInNetns: { available: true, detail: "ok" } };

function scenario(over: Partial<Scenario<World>> = {}): Scenario<World> {
  return defineScenario<World>({
    name: "synthetic",
    tags: ["unit"],
    requires: ["iptablesInNetns"],
    steadyState: [check({ name: "up", measure: async (w: World) => w.up }, { describe: "true", accepts: (v: boolean) => v })],
    recoveryTimeoutMs: 300,
    faults: [
      {
        name: "take down",
        inject: async (w) => {
          w.up = false;
          return injectedFault("down", "world", "world down", {}, async () => {
            w.up = true;
            w.undone++;
          });
        },
      },
    ],
    observe: { probes: [{ name: "up", measure: async (w: World) => w.up }], intervalMs: 10, durationMs: 50 },
    expectations: [{ name: "was down while observed", evaluate: (e) => ({ name: "was down while observed", verdict: e.samples.some((s) => s.value === false) ? "pass" : "fail", detail: "" }) }],
    ...over,
  });
}

const dir = () => mkdtempSync(join(tmpdir(), "chaos-journal-"));

describe("runScenario", () => {
  it("passes a scenario whose fault is observed and undone, and journals every phase", async () => {
    const world = { up: true, undone: 0 };
    const windows: [string, number, number][] = [];
    const run = await runScenario(scenario(), world, { capabilities: caps, journalDir: dir(), onFault: (...w) => void windows.push(w) });
    expect(run.status, run.reasons.join("\n")).toBe("passed");
    expect(world.undone).toBe(1);
    // the fault's window goes to telemetry exactly as journaled
    expect(windows).toEqual([["world down", run.journal.faults[0]!.startedAtMs, run.journal.faults[0]!.endedAtMs]]);
    const doc = JSON.parse(readFileSync(run.journalFile, "utf8"));
    expect(doc.steps.map((s: { phase: string }) => s.phase)).toEqual(expect.arrayContaining(["capabilities", "steady-state-before", "inject", "observe", "rollback", "steady-state-after", "expectations"]));
    expect(doc.faults[0].endedAtMs).toBeGreaterThanOrEqual(doc.faults[0].startedAtMs);
    expect(doc.samples.length).toBeGreaterThan(2);
  });

  it("fails the run when an undo throws (broken rollback)", async () => {
    const world = { up: true, undone: 0 };
    const broken = scenario({
      faults: [{ name: "take down", inject: async (w) => ((w.up = false), injectedFault("down", "world", "world down", {}, async () => Promise.reject(new Error("undo broken on purpose")))) }],
      rollback: async (w) => void (w.up = true),
    });
    const run = await runScenario(broken, world, { capabilities: caps, journalDir: dir() });
    expect(run.status).toBe("failed");
    expect(run.reasons.join("\n")).toMatch(/rollback failed: undo of take down .*undo broken on purpose/);
    expect(run.journal.faults[0]!.undoError).toMatch(/undo broken on purpose/);
  });

  it("fails the run when the scenario rollback throws", async () => {
    const run = await runScenario(scenario({ rollback: async () => Promise.reject(new Error("nope")) }), { up: true, undone: 0 }, { capabilities: caps, journalDir: dir() });
    expect(run.status).toBe("failed");
  });

  it("aborts without injecting when steady state does not hold", async () => {
    const world = { up: false, undone: 0 };
    const run = await runScenario(scenario(), world, { capabilities: caps, journalDir: dir() });
    expect(run.status).toBe("aborted");
    expect(run.journal.steps.some((s) => s.phase === "inject")).toBe(false);
  });

  it("reports not-run with the reason when a capability is missing", async () => {
    const run = await runScenario(scenario({ requires: ["pause"] }), { up: true, undone: 0 }, { capabilities: caps, journalDir: dir() });
    expect(run.status).toBe("not-run");
    expect(run.reasons[0]).toMatch(/pause missing: rootless cgroup v1/);
  });

  it("fails when steady state does not come back after the rollback", async () => {
    const world = { up: true, undone: 0 };
    const sticky = scenario({ faults: [{ name: "take down", inject: async (w) => ((w.up = false), injectedFault("down", "world", "world down", {}, async () => undefined)) }] });
    const run = await runScenario(sticky, world, { capabilities: caps, journalDir: dir() });
    expect(run.status).toBe("failed");
    expect(run.reasons.join("\n")).toMatch(/steady state did not hold within 300 ms/);
  });

  it("fails when an expectation fails, and undoes the fault when observation throws", async () => {
    const world = { up: true, undone: 0 };
    const run = await runScenario(scenario({ observe: { probes: [], intervalMs: 10, durationMs: 10, until: () => { throw new Error("observer broke"); } } }), world, { capabilities: caps, journalDir: dir() });
    expect(run.status).toBe("failed");
    expect(world.undone).toBe(1);
    expect(run.reasons.join("\n")).toMatch(/observer broke/);
  });
});

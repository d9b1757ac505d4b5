// The one runner: capabilities -> steady state (abort if it does not hold) -> activity -> inject ->
// observe -> undo every fault and roll back (in finally) -> steady state again -> expectations ->
// journal. A failed undo or rollback fails the run; a missing capability makes it "not-run".
import type { Capabilities, Capability, CapabilityName } from "../engine/capabilities.ts";
import type { Fault } from "../faults/fault.ts";
import { waitUntil } from "../util/wait-until.ts";
import { Journal, errorText, writeJournal, type JournalDocument, type RunStatus } from "./journal.ts";
import { measure, sampleWindow } from "./sampler.ts";
import type { Activity, Evidence, FaultRecord, Scenario } from "./scenario.ts";

/** Where a run reports to (allure in the suites; nothing in unit tests). */
export interface RunReporter {
  step<T>(name: string, fn: () => Promise<T>): Promise<T>;
  attach(name: string, content: string, contentType: string): Promise<void>;
}

export const silentReporter: RunReporter = { step: (_name, fn) => fn(), attach: async () => undefined };

export interface RunOptions {
  capabilities: Pick<Capabilities, CapabilityName> | Partial<Record<CapabilityName, Capability>>;
  journalDir: string;
  reporter?: RunReporter;
  /** Poll interval of the steady-state checks after the rollback. */
  recoveryPollMs?: number;
  /** Told each fault's window once it is undone (telemetry shades it, restarts in it are expected). */
  onFault?: (label: string, startedAtMs: number, endedAtMs: number) => void;
}

export interface ScenarioRun {
  status: RunStatus;
  reasons: string[];
  journalFile: string;
  journal: JournalDocument;
}

async function steadyStateHolds<C>(scenario: Scenario<C>, ctx: C, journal: Journal | undefined): Promise<{ holds: boolean; failures: string[] }> {
  const failures: string[] = [];
  for (const { probe, tolerance } of scenario.steadyState) {
    const s = await measure(probe, ctx);
    const accepted = s.ok && tolerance.accepts(s.value as never);
    if (!accepted) failures.push(`${probe.name}: ${s.ok ? `${JSON.stringify(s.value)} is not ${tolerance.describe}` : s.error}`);
    journal?.samples.push(s);
  }
  return { holds: failures.length === 0, failures };
}

function record(step: string, f: Fault, undoError?: string): FaultRecord {
  return { step, kind: f.kind, target: f.target, description: f.description, startedAtMs: f.window.startedAtMs, endedAtMs: f.window.endedAtMs, detail: f.detail, ...(undoError ? { undoError } : {}) };
}

export async function runScenario<C>(scenario: Scenario<C>, ctx: C, opts: RunOptions): Promise<ScenarioRun> {
  const reporter = opts.reporter ?? silentReporter;
  const journal = new Journal(scenario.name, scenario.tags, scenario.requires);
  const status = await execute(scenario, ctx, journal, reporter, opts);
  const doc = journal.document(status);
  const journalFile = await writeJournal(opts.journalDir, doc);
  await reporter.attach(`journal ${scenario.name}`, JSON.stringify(doc, null, 2), "application/json");
  return { status, reasons: doc.reasons, journalFile, journal: doc };
}

async function execute<C>(scenario: Scenario<C>, ctx: C, journal: Journal, reporter: RunReporter, opts: RunOptions): Promise<RunStatus> {
  const missing = scenario.requires.filter((name) => !opts.capabilities[name]?.available);
  journal.note("capabilities", "required capabilities", missing.length === 0, Object.fromEntries(scenario.requires.map((n) => [n, opts.capabilities[n] ?? { available: false, detail: "not probed" }])));
  if (missing.length) {
    for (const name of missing) journal.reasons.push(`capability ${name} missing: ${opts.capabilities[name]?.detail ?? "not probed"}`);
    return "not-run";
  }

  const before = await reporter.step("steady state before", () => journal.step("steady-state-before", "hypothesis", () => steadyStateHolds(scenario, ctx, journal)));
  if (!before.holds) {
    journal.reasons.push(`steady state did not hold before the fault: ${before.failures.join("; ")}`);
    return "aborted";
  }

  const faults: { step: string; fault: Fault }[] = [];
  let activity: Activity | undefined;
  let failed = false;
  let faultStartedAtMs: number | undefined;
  try {
    if (scenario.activity) activity = await journal.step("activity", "start", async () => scenario.activity!(ctx), () => "started");
    await reporter.step("inject", async () => {
      for (const step of scenario.faults) {
        const fault = await journal.step("inject", step.name, () => step.inject(ctx), (f) => ({ kind: f.kind, target: f.target, description: f.description, startedAtMs: f.window.startedAtMs, detail: f.detail }));
        faultStartedAtMs ??= fault.window.startedAtMs;
        faults.push({ step: step.name, fault });
      }
    });
    const { observe } = scenario;
    const samples = await reporter.step("observe", () =>
      journal.step("observe", `${observe.probes.map((p) => p.name).join(", ")} every ${observe.intervalMs} ms`, () =>
        sampleWindow(observe.probes, ctx, { intervalMs: observe.intervalMs, durationMs: observe.durationMs, until: observe.until && ((s) => observe.until!(s, faults.map((f) => f.fault))) }),
        (s) => ({ samples: s.length }),
      ),
    );
    journal.samples.push(...samples);
  } catch (err) {
    failed = true;
    journal.reasons.push(`fault phase failed: ${errorText(err)}`);
  } finally {
    await reporter.step("rollback", async () => {
      for (const { step, fault } of [...faults].reverse()) {
        try {
          await journal.step("rollback", `undo ${step}`, () => fault.undo(), () => fault.detail);
          journal.faults.unshift(record(step, fault));
          opts.onFault?.(fault.description, fault.window.startedAtMs, fault.window.endedAtMs ?? Date.now());
        } catch (err) {
          opts.onFault?.(fault.description, fault.window.startedAtMs, Date.now());
          failed = true;
          journal.faults.unshift(record(step, fault, errorText(err)));
          journal.reasons.push(`rollback failed: undo of ${step} (${fault.description}): ${errorText(err)}`);
        }
      }
      if (scenario.rollback) {
        await journal.step("rollback", "scenario rollback", () => scenario.rollback!(ctx)).catch((err: unknown) => {
          failed = true;
          journal.reasons.push(`rollback failed: ${errorText(err)}`);
        });
      }
    });
  }

  const faultEndedAtMs = journal.faults.reduce<number | undefined>((m, f) => (f.endedAtMs === undefined ? m : Math.max(m ?? 0, f.endedAtMs)), undefined);
  let steadyAgainAtMs: number | undefined;
  await reporter.step("steady state after", async () => {
    try {
      await journal.step("steady-state-after", "hypothesis", () =>
        waitUntil(async () => (await steadyStateHolds(scenario, ctx, undefined)).holds, { timeoutMs: scenario.recoveryTimeoutMs, intervalMs: opts.recoveryPollMs ?? 200, what: `steady state of ${scenario.name} after rollback` }),
      );
      steadyAgainAtMs = Date.now();
    } catch {
      const last = await steadyStateHolds(scenario, ctx, journal);
      failed = true;
      journal.reasons.push(`steady state did not hold within ${scenario.recoveryTimeoutMs} ms after the rollback: ${last.failures.join("; ")}`);
    }
  });
  if (activity) journal.activity = await journal.step("activity", "stop", () => activity!.stop(), () => "stopped").catch((err: unknown) => ({ error: errorText(err) }));

  const evidence: Evidence = { samples: journal.samples, faults: journal.faults, activity: journal.activity, faultStartedAtMs, faultEndedAtMs, steadyAgainAtMs };
  for (const e of scenario.expectations) {
    const result = await journal.step("expectations", e.name, async () => e.evaluate(evidence, ctx)).catch((err: unknown) => ({ name: e.name, verdict: "fail" as const, detail: `evaluation threw: ${errorText(err)}` }));
    journal.expectations.push(result);
    if (result.verdict === "fail") {
      failed = true;
      journal.reasons.push(`expectation ${e.name} failed: ${result.detail}`);
    }
  }
  return failed ? "failed" : "passed";
}

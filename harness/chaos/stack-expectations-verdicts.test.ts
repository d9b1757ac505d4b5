// Stack expectations on synthetic evidence: each verdict has an input that fails it.
import { describe, expect, it } from "vitest";
import { defaultSlo } from "../slo/slo.ts";
import type { Evidence } from "./scenario.ts";
import type { StackChaosContext } from "./stack-context.ts";
import { noHangingRequests, restartPolicyActed } from "./stack-expectations.ts";

function ctxWith(restart: string | undefined): StackChaosContext {
  const stack = { roleService: (r: string) => r, model: { services: { redis: { restart } } } };
  return { stack, slo: defaultSlo, target: { kind: "rootless" }, profile: {}, capabilities: {} } as unknown as StackChaosContext;
}

const kill = { step: "SIGKILL redis", kind: "sigkill", target: "redis", description: "", startedAtMs: 1000, endedAtMs: 5000, detail: { startedAtBefore: "T0" } };
const container = (atMs: number, running: boolean, startedAt: string) => ({ probe: "container:redis", startedAtMs: atMs, atMs, ok: true, value: { running, startedAt } });
const evidence = (samples: Evidence["samples"], activity: unknown = undefined): Evidence => ({ samples, faults: [kill], activity, faultStartedAtMs: 1000, faultEndedAtMs: 5000, steadyAgainAtMs: 6000 });

describe("restartPolicyActed", () => {
  const e = restartPolicyActed("redis");
  it("passes when the engine started the container again by itself", async () => {
    const r = await e.evaluate(evidence([container(1200, false, "T0"), container(1800, true, "T1")]), ctxWith("unless-stopped"));
    expect(r.verdict).toBe("pass");
    expect(r.values?.restartedAfterMs).toBe(800);
  });
  it("is not-supported (with the reason) when a declared policy was not honoured", async () => {
    const r = await e.evaluate(evidence([container(1200, false, "T0"), container(4000, false, "T0")]), ctxWith("unless-stopped"));
    expect(r.verdict).toBe("not-supported");
    expect(r.detail).toMatch(/declares restart 'unless-stopped'.*did not restart it within 3000 ms/);
  });
  it("fails when the service declares no restart policy", async () => {
    expect((await e.evaluate(evidence([container(1200, false, "T0")]), ctxWith(undefined))).verdict).toBe("fail");
  });
});

describe("noHangingRequests", () => {
  const load = (ms: number[], timedOut = false) => ({ records: ms.map((d, i) => ({ sentAtMs: i * 250, endedAtMs: i * 250 + d, status: 200, timedOut })) });
  it("fails a request answered after clientTimeoutMs, and one never answered", async () => {
    expect((await noHangingRequests.evaluate(evidence([], load([100, defaultSlo.clientTimeoutMs + 40])), ctxWith("no"))).verdict).toBe("fail");
    expect((await noHangingRequests.evaluate(evidence([], load([defaultSlo.clientTimeoutMs], true)), ctxWith("no"))).verdict).toBe("fail");
    expect((await noHangingRequests.evaluate(evidence([], load([100, 200])), ctxWith("no"))).verdict).toBe("pass");
  });
});

// Zero-trust checks on the running stack: least privilege, isolation, Redis and api hardening on the
// shared stack; volatility (it restarts services) on a private one. Every result goes to the audit trail.
// The suite's own access proxy (label xnai.access=true) is not a service of the stack: no check covers it.
import * as allure from "allure-js-commons";
import { expect } from "vitest";
import { stackTest as test } from "./support/stack-fixture.ts";
import { describeFailure, failures, securityFamilies, type CheckResult } from "../harness/security/index.ts";
import { runFamily } from "../harness/security/run-family.ts";

test("the stack passes every zero-trust check, each result in the audit trail", async ({ stack, profile, engine, launch, metrics, audit }) => {
  await allure.epic("Security");
  await allure.feature("Zero-trust isolation and audit trail");
  await allure.severity("critical");
  const ctx = { labels: engine.labels, baseImage: engine.baseImage, engine: engine.target };
  // The private stack starts while the shared one is checked.
  const needsPrivate = securityFamilies.some((f) => f.disruptive);
  const privateStack = needsPrivate ? launch({ instance: "sec" }) : undefined;
  privateStack?.catch(() => undefined);

  const report: { family: string; durationMs: number; results: CheckResult[] }[] = [];
  for (const family of securityFamilies) {
    const t0 = Date.now();
    const target = family.disruptive ? await privateStack! : stack;
    const results = await allure.step(`${family.title}${family.disruptive ? " (private stack)" : ""}`, () => runFamily(family, target, profile, ctx));
    report.push({ family: family.id, durationMs: Date.now() - t0, results });
  }
  const results = report.flatMap((r) => r.results);
  for (const r of results) audit.append("security-check", r.service, r.ok ? "ok" : "fail", { check: r.check, found: r.found });
  await allure.attachment("security-check-results.json", JSON.stringify(report, null, 2), "application/json");

  const failed = failures(results);
  await metrics.record("security.failed_checks", failed.length, `${failed.length} of ${results.length} check results failed`);
  expect(await stack.healthy(profile.endpoints.api.service), "the shared stack's api is healthy after the checks").toBe(true);
  expect(failed.map(describeFailure)).toEqual([]);
});

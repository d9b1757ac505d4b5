// Every security check family catches its broken variant: on a stack with the variant, the expected
// check fails for the variant's service and every other check of the family passes for it. Variants
// that touch different services share one launch.
import * as allure from "allure-js-commons";
import { expect } from "vitest";
import { stackTest as test } from "../support/stack-fixture.ts";
import { family } from "../../harness/security/index.ts";
import { runFamily } from "../../harness/security/run-family.ts";
import { combinedOverride, securityLaunchGroups, securityVariantsFor, type SecurityVariant } from "../../harness/security/variants.ts";

test.for(securityLaunchGroups)("security checks catch the %s variants", async (group, { profile, engine, launch, audit }) => {
  const members = securityVariantsFor(profile).filter((v) => v.launchGroup === group);
  await allure.epic("Security");
  await allure.feature("Broken variants");
  for (const v of members) await allure.parameter(v.id, v.description);
  const stack = await launch({ override: combinedOverride(members), instance: `sv-${group}` });
  const ctx = { labels: engine.labels, baseImage: engine.baseImage, engine: engine.target };
  const families = [...new Set(members.map((v) => v.family))];
  const results = (await Promise.all(families.map(async (f) => [f, await runFamily(family(f), stack, profile, ctx)] as const))).flatMap(([f, rs]) => rs.map((r) => ({ family: f, ...r })));
  await allure.attachment(`security-variant-${group}.json`, JSON.stringify({ variants: members, results }, null, 2), "application/json");

  const verdict = (v: SecurityVariant) => {
    const mine = results.filter((r) => r.family === v.family && r.service === v.service);
    return {
      caught: mine.some((r) => r.check === v.expectedFailingCheck && !r.ok),
      otherFailures: mine.filter((r) => r.check !== v.expectedFailingCheck && !r.ok).map((r) => `${r.check}: ${r.found}`),
    };
  };
  for (const v of members) {
    const { caught, otherFailures } = verdict(v);
    audit.append("security-variant", v.service, caught && otherFailures.length === 0 ? "ok" : "fail", { variant: v.id, expectedFailingCheck: v.expectedFailingCheck, caught, otherFailures });
    expect({ variant: v.id, caught, otherFailures }).toEqual({ variant: v.id, caught: true, otherFailures: [] });
  }
});

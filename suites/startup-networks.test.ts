// The launcher creates the compose networks as declared (internal or not, labelled with the run) and
// attaches each service to exactly its networks, with its name and aliases, at create time.
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { stackTest as test } from "./support/stack-fixture.ts";

test("networks are created as declared and services attached to exactly theirs", async ({ stack, engine }) => {
  await allure.epic("startup");
  await allure.feature("compose fidelity");
  for (const [key, name] of Object.entries(stack.info.networks)) {
    const net = await stack.docker.getNetwork(name).inspect();
    expect({ key, internal: net.Internal, run: net.Labels?.["xnai.run"] }).toEqual({ key, internal: stack.model.networks[key]?.internal ?? false, run: engine.env.runId });
  }
  for (const [service, svc] of Object.entries(stack.model.services)) {
    const attached = (await stack.inspect(service)).NetworkSettings.Networks;
    const expected = svc.networks.map((n) => stack.info.networks[n.name]!).sort();
    expect({ service, networks: Object.keys(attached).sort() }).toEqual({ service, networks: expected });
    for (const n of svc.networks) {
      expect(attached[stack.info.networks[n.name]!]?.Aliases ?? []).toEqual(expect.arrayContaining([service, ...n.aliases]));
    }
  }
});

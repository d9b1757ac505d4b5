// A bad target fails with one error that names the file, the service and the key, and leaves nothing
// of the attempt behind on the engine.
import { createServer, type Server } from "node:net";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";
import * as allure from "allure-js-commons";
import { dockerodeFor } from "../harness/engine/engine-client.ts";
import { launchStack } from "../harness/stack/launcher/launch-stack.ts";
import type { EngineSession } from "../harness/engine/engine-session.ts";
import { stackTest } from "./support/stack-fixture.ts";

const fixture = (name: string) => fileURLToPath(new URL(`../harness/stack/launcher/fixtures/bad-input/${name}.yaml`, import.meta.url));

const test = stackTest.extend<{ busyPort: number }>({
  busyPort: async ({}, use) => {
    const server: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve, reject) => server.once("error", reject).listen(0, "127.0.0.1", resolve));
    const address = server.address();
    if (typeof address !== "object" || !address) throw new Error("the blocking server has no port");
    await use(address.port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  },
});

interface BadCase {
  fixture: string;
  project: string;
  service: string;
  key: RegExp;
  says: RegExp;
}

const cases: BadCase[] = [
  { fixture: "malformed", project: "bad-malformed", service: "", key: /malformed\.yaml:[56]:/, says: /not valid YAML at line [56]/ },
  { fixture: "unknown-dependency", project: "bad-unknown-dep", service: "app", key: /depends_on/, says: /unknown service "databse"/ },
  { fixture: "cycle", project: "bad-cycle", service: "api", key: /depends_on/, says: /cycle api -> worker -> api/ },
  { fixture: "missing-image", project: "bad-missing-image", service: "app", key: /image/, says: /localhost\/does-not-exist:1.*cannot be pulled/ },
  { fixture: "required-variable", project: "bad-required-var", service: "app", key: /environment/, says: /MODEL_PATH.*set MODEL_PATH to the model file/ },
];

async function leftovers(engine: EngineSession, project: string): Promise<string[]> {
  const docker = dockerodeFor(engine.target);
  const filters = { label: [`xnai.run=${engine.env.runId}`] };
  const ours = (labels: Record<string, string> | undefined) => (labels?.["xnai.stack"] ?? "").startsWith(`${project}-`);
  const containers = (await docker.listContainers({ all: true, filters })).filter((c) => ours(c.Labels)).map((c) => `container ${c.Names[0]}`);
  const networks = (await docker.listNetworks({ filters })).filter((n) => ours(n.Labels)).map((n) => `network ${n.Name}`);
  const volumes = ((await docker.listVolumes({ filters })).Volumes ?? []).filter((v) => ours(v.Labels)).map((v) => `volume ${v.Name}`);
  return [...containers, ...networks, ...volumes];
}

async function attempt(engine: EngineSession, file: string, variables: Record<string, string>): Promise<Error> {
  const outcome = await launchStack({ session: engine, composeFile: file, variables, instance: "bad" }).then(
    async (stack) => {
      await stack.down();
      return undefined;
    },
    (err: unknown) => err,
  );
  if (!(outcome instanceof Error)) throw new Error(`${file} started although it is invalid`);
  return outcome;
}

test.for(cases)("$fixture: one error naming file, service and key; nothing left behind", async (c, { engine }) => {
  await allure.epic("startup");
  await allure.feature("bad input");
  const file = fixture(c.fixture);
  const err = await attempt(engine, file, { IMAGE: engine.baseImage });
  const line = String(err).split("\n")[0]!;
  await allure.attachment("error", String(err), "text/plain");
  expect(line).toContain(file);
  expect(line).toContain(c.service);
  expect(line).toMatch(c.key);
  expect(line).toMatch(c.says);
  expect(await leftovers(engine, c.project)).toEqual([]);
});

test("port in use: one error naming file, service and key; nothing left behind", async ({ engine, busyPort }) => {
  await allure.epic("startup");
  await allure.feature("bad input");
  const file = fixture("port-in-use");
  const err = await attempt(engine, file, { IMAGE: engine.baseImage, BUSY_PORT: String(busyPort) });
  const line = String(err).split("\n")[0]!;
  await allure.attachment("error", String(err), "text/plain");
  expect(line).toContain(file);
  expect(line).toMatch(/service 'web'/);
  expect(line).toMatch(/ports/);
  expect(line).toMatch(new RegExp(`${busyPort}.*(already in use|already allocated)|(already in use|already allocated).*${busyPort}`));
  expect(await leftovers(engine, "bad-port-in-use")).toEqual([]);
});

test("the leftover query finds what a stack of this run created (so an empty answer means something)", async ({ engine, stack }) => {
  const found = await leftovers(engine, stack.model.name ?? "stack");
  expect(found.filter((r) => r.startsWith("container ")).length).toBeGreaterThanOrEqual(stack.services.size);
  expect(found.some((r) => r.startsWith("network "))).toBe(true);
});

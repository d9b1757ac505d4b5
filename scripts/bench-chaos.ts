// npm-less benchmark of the chaos engine (npx tsx scripts/bench-chaos.ts [--runs N]):
// 1. what the runner adds to a probe (measure() and one sampleWindow tick vs calling the probe directly),
// 2. how soon a fault takes effect after its call returns (SIGKILL, partition, proxy link down),
// against one private stack launched for the purpose. Prints medians of several runs.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readEnv, readVariables } from "../harness/config/env.ts";
import { probeCapabilities } from "../harness/engine/capabilities.ts";
import { openEngineSession } from "../harness/engine/engine-session.ts";
import { measure, sampleWindow } from "../harness/chaos/sampler.ts";
import type { Probe } from "../harness/chaos/scenario.ts";
import { apiLink, launchChaosStack } from "../harness/chaos/launch-chaos-stack.ts";
import { sharedNetworks } from "../harness/chaos/scenario-parts.ts";
import { healthProbe } from "../harness/chaos/stack-probes.ts";
import type { StackChaosContext } from "../harness/chaos/stack-context.ts";
import { serviceContainer } from "../harness/faults/container-ref.ts";
import { sigkill } from "../harness/faults/container-faults.ts";
import type { Fault } from "../harness/faults/fault.ts";
import { partition } from "../harness/faults/network-faults.ts";
import { linkDown } from "../harness/faults/proxy-faults.ts";
import { mergeSlo, defaultSlo } from "../harness/slo/slo.ts";
import { resolveTarget } from "../harness/stack/target.ts";
import { waitUntil } from "../harness/util/wait-until.ts";
import { reportFatal } from "../harness/util/fatal.ts";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg >= 0 ? Number(process.argv[runsArg + 1]) : 5;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (xs: number[]) => `median ${median(xs).toFixed(3)} ms (runs: ${xs.map((x) => x.toFixed(2)).join(", ")})`;

async function probeOverhead(): Promise<void> {
  const server = createServer((_req, res) => res.end("ok"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const probe: Probe<null, number> = { name: "loopback", measure: async () => (await fetch(url)).status };
  const perCall = 200;
  const direct: number[] = [];
  const viaMeasure: number[] = [];
  const viaTick: number[] = [];
  for (let run = 0; run < runs; run++) {
    const d: number[] = [];
    const m: number[] = [];
    const t: number[] = [];
    for (let i = 0; i < perCall; i++) {
      let t0 = performance.now();
      await probe.measure(null);
      d.push(performance.now() - t0);
      t0 = performance.now();
      await measure(probe, null);
      m.push(performance.now() - t0);
      t0 = performance.now();
      await sampleWindow([probe], null, { intervalMs: 0, durationMs: 0 });
      t.push(performance.now() - t0);
    }
    direct.push(median(d));
    viaMeasure.push(median(m));
    viaTick.push(median(t));
  }
  server.close();
  console.log(`probe direct:                 ${fmt(direct)}`);
  console.log(`probe via runner measure():   ${fmt(viaMeasure)}`);
  console.log(`probe via one sampler tick:   ${fmt(viaTick)}`);
  console.log(`engine overhead per probe:    measure() ${(median(viaMeasure) - median(direct)).toFixed(3)} ms, sampler tick ${(median(viaTick) - median(direct)).toFixed(3)} ms (budget 1 ms)`);
}

/** Polls `ok` back to back; returns ms from `sinceMs` to the send time of the first failing attempt. */
async function timeToFailure(ok: () => Promise<boolean>, sinceMs: number, deadlineMs: number): Promise<number> {
  for (;;) {
    const sentAtMs = Date.now();
    const good = await ok().catch(() => false);
    if (!good) return Math.max(0, sentAtMs - sinceMs);
    if (Date.now() - sinceMs > deadlineMs) throw new Error(`fault had no visible effect within ${deadlineMs} ms`);
  }
}

async function faultEffect(): Promise<void> {
  const env = readEnv();
  const session = openEngineSession(env);
  const { profile } = await resolveTarget(env);
  const slo = mergeSlo(defaultSlo, profile.slo ?? {});
  const capabilities = await probeCapabilities(session.target, session.baseImage, session.labels);
  const t0 = Date.now();
  const { stack } = await launchChaosStack({ session, profile, capabilities, variables: readVariables(), instance: "bench" });
  console.log(`stack launched in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  try {
    const ctx: StackChaosContext = { stack, profile, slo, target: session.target, capabilities };
    const short = { ...ctx, slo: { ...slo, clientTimeoutMs: 200 } };
    const inferenceHealthy = () => healthProbe("inference").measure(short);
    const gatewayHealthy = () => healthProbe("gateway").measure(short);
    const apiHealthy = () => healthProbe("api").measure({ ...ctx, slo: { ...slo, clientTimeoutMs: 2_000 } });
    const back = (what: string, check: () => Promise<boolean>) => waitUntil(check, { timeoutMs: slo.recoveryMs + slo.stackHealthyMs, intervalMs: 100, what });
    const inference = stack.roleService("inference");
    const cases: { name: string; inject: () => Promise<Fault>; effect: () => Promise<boolean>; restore: () => Promise<unknown> }[] = [
      { name: "SIGKILL inference (health via access proxy fails)", inject: () => sigkill(serviceContainer(stack, inference)), effect: inferenceHealthy, restore: () => back("inference healthy", inferenceHealthy) },
      ...(profile.endpoints.gateway ? [{ name: "SIGKILL gateway (published port stops answering)", inject: () => sigkill(serviceContainer(stack, stack.roleService("gateway"))), effect: gatewayHealthy, restore: () => back("gateway healthy", gatewayHealthy) }] : []),
      { name: "partition inference (first failed request)", inject: () => partition(session.target, serviceContainer(stack, inference), sharedNetworks(stack, stack.roleService("api"), inference)[0]!), effect: inferenceHealthy, restore: () => back("inference healthy", inferenceHealthy) },
      // The api's health probes inference through the interposer: it answers non-200 once the link is down.
      { name: "link api->inference down (api health fails)", inject: () => linkDown(apiLink(stack, profile, "inference")), effect: apiHealthy, restore: () => back("api healthy", apiHealthy) },
    ];
    for (const c of cases) {
      const effects: number[] = [];
      const calls: number[] = [];
      for (let run = 0; run < runs; run++) {
        const fault = await c.inject();
        const returnedAtMs = Date.now();
        calls.push(returnedAtMs - fault.window.startedAtMs);
        try {
          effects.push(await timeToFailure(c.effect, returnedAtMs, slo.recoveryMs));
        } finally {
          await fault.undo();
          await c.restore();
        }
      }
      console.log(`${c.name}: effect after the call returned ${fmt(effects)}; the call itself ${fmt(calls)} (budget 200 ms)`);
    }
  } finally {
    await stack.down();
  }
}

try {
  await probeOverhead();
  if (!process.argv.includes("--no-stack")) await faultEffect();
} catch (err) {
  reportFatal("bench-chaos", err);
}

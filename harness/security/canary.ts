// A canary listener of the suite's own on a NON-internal network it creates, plus a control container on
// the same network that proves the canary answers. Egress probes target only this canary, never a
// public or foreign address. `await using` removes both containers and the network.
import type Dockerode from "dockerode";
import { randomBytes } from "node:crypto";
import { waitUntil } from "../util/wait-until.ts";
import { execIn } from "../stack/launcher/exec.ts";
import { pinBridgeMacs } from "../stack/launcher/bridge-mac.ts";
import type { CheckContext } from "./check-result.ts";

export const canaryPort = 8099;
export const canaryReply = "xnai-canary";

export interface Canary extends AsyncDisposable {
  network: string;
  ip: string;
  url: string;
  /** curl from the control container (on the canary's network): the probe's positive control. */
  controlFetch(): Promise<{ ok: boolean; output: string }>;
}

async function run(docker: Dockerode, ctx: CheckContext, name: string, network: string, cmd: string[]): Promise<Dockerode.Container> {
  const c = await docker.createContainer({
    name,
    Image: ctx.baseImage,
    Cmd: cmd,
    User: "10001:10001",
    Labels: { ...ctx.labels, "xnai.security": "canary" },
    HostConfig: { NetworkMode: network, CapDrop: ["ALL"], SecurityOpt: ["no-new-privileges"] },
  });
  await c.start();
  return c;
}

export async function startCanary(docker: Dockerode, ctx: CheckContext): Promise<Canary> {
  const id = randomBytes(4).toString("hex");
  const network = `xnai-sec-canary-${id}`;
  await docker.createNetwork({ Name: network, Internal: false, Labels: { ...ctx.labels, "xnai.security": "canary" }, CheckDuplicate: true });
  const containers: Dockerode.Container[] = [];
  const dispose = async () => {
    await Promise.all(containers.map((c) => c.remove({ force: true }).catch(() => undefined)));
    await docker.getNetwork(network).remove().catch(() => undefined);
  };
  try {
    const server = `require("http").createServer((q, s) => s.end(${JSON.stringify(canaryReply)})).listen(${canaryPort}, "0.0.0.0")`;
    containers.push(await run(docker, ctx, `${network}-listener`, network, ["node", "-e", server]));
    // The bridge exists once its first container is attached. Pinned before the control joins, its MAC
    // stays put, so the listener's replies through the gateway never hit a stale ARP entry.
    if (ctx.engine?.socketUrl.startsWith("unix://")) await pinBridgeMacs(ctx.engine, [network], []);
    const control = await run(docker, ctx, `${network}-control`, network, ["sleep", "600"]);
    containers.push(control);
    const ip = (await containers[0]!.inspect()).NetworkSettings.Networks[network]?.IPAddress;
    if (!ip) throw new Error(`canary listener on ${network} has no IP address`);
    const url = `http://${ip}:${canaryPort}/`;
    const controlFetch = async () => {
      const r = await execIn(docker, control.id, ["curl", "-sS", "-m", "3", url], { timeoutMs: 10_000 });
      return { ok: r.exitCode === 0 && r.stdout.includes(canaryReply), output: r.output };
    };
    await waitUntil(async () => (await controlFetch()).ok, { timeoutMs: 20_000, intervalMs: 250, what: `canary ${url} answering the control container on ${network}` });
    return { network, ip, url, controlFetch, [Symbol.asyncDispose]: dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

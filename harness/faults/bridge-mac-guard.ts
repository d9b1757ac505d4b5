// Disconnecting a container can change its network bridge's MAC (then the other containers lose DNS and
// egress for 25-48 s through stale ARP). Read the MAC before a partition, put it back after.
import type { EngineTarget } from "../engine/engine-target.ts";
import { podman, runCommand } from "../engine/podman-cli.ts";

function inBridgeNamespace(target: EngineTarget, args: string[]) {
  return target.kind === "rootless"
    ? podman(target, ["unshare", "--rootless-netns", ...args], { allowFailure: true, timeoutMs: 20_000 })
    : runCommand(args, target.commandEnv, { allowFailure: true, timeoutMs: 20_000 });
}

export interface BridgeMac {
  bridge: string;
  mac: string;
}

export async function readBridgeMac(target: EngineTarget, network: string): Promise<BridgeMac | undefined> {
  const bridge = (await podman(target, ["network", "inspect", "--format", "{{.NetworkInterface}}", network], { allowFailure: true })).stdout.trim();
  if (!bridge) return undefined;
  const show = await inBridgeNamespace(target, ["ip", "-o", "link", "show", "dev", bridge]);
  const mac = /link\/ether ([0-9a-f:]{17})/.exec(show.stdout)?.[1];
  return mac ? { bridge, mac } : undefined;
}

/** Sets the bridge's MAC back when it changed; returns what it found and did. */
export async function restoreBridgeMac(target: EngineTarget, network: string, before: BridgeMac): Promise<{ changed: boolean; macAfter: string | undefined; repinned: boolean }> {
  const now = await readBridgeMac(target, network);
  if (now?.mac === before.mac) return { changed: false, macAfter: now.mac, repinned: false };
  const set = await inBridgeNamespace(target, ["ip", "link", "set", "dev", before.bridge, "address", before.mac]);
  if (set.code !== 0) throw new Error(`bridge ${before.bridge} MAC changed ${before.mac} -> ${now?.mac}; re-pinning failed: ${set.stderr.trim()}`);
  return { changed: true, macAfter: now?.mac, repinned: true };
}

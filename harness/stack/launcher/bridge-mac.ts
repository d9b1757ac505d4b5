// Pins each network bridge's MAC address: otherwise removing a container can change it and the
// others lose DNS and egress for 25-48 s through stale ARP entries (PLATFORM.md).
import type { EngineTarget } from "../../engine/engine-target.ts";
import { podman, runCommand } from "../../engine/podman-cli.ts";
import type { LaunchFinding } from "./container-spec.ts";

function inBridgeNamespace(target: EngineTarget, args: string[]) {
  // Rootless bridges live in the rootless network namespace.
  return target.kind === "rootless"
    ? podman(target, ["unshare", "--rootless-netns", ...args], { allowFailure: true })
    : runCommand(args, target.commandEnv, { allowFailure: true });
}

export async function pinBridgeMacs(target: EngineTarget, networks: string[], findings: LaunchFinding[]): Promise<void> {
  for (const net of networks) {
    const iface = (await podman(target, ["network", "inspect", "--format", "{{.NetworkInterface}}", net], { allowFailure: true })).stdout.trim();
    if (!iface) continue;
    const show = await inBridgeNamespace(target, ["ip", "-o", "link", "show", "dev", iface]);
    const mac = /link\/ether ([0-9a-f:]{17})/.exec(show.stdout)?.[1];
    if (!mac) {
      findings.push({ service: "*", key: "networks", message: `could not read the MAC of bridge ${iface} (${net}); container removal may briefly break DNS` });
      continue;
    }
    const set = await inBridgeNamespace(target, ["ip", "link", "set", "dev", iface, "address", mac]);
    if (set.code !== 0) findings.push({ service: "*", key: "networks", message: `could not pin the MAC of bridge ${iface}: ${set.stderr.trim()}` });
  }
}

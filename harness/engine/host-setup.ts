// Root-only host preparation for Podman per PLATFORM.md: packages, runtime config, /dev/net/tun.
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { runCommand } from "./podman-cli.ts";

// netavark + aardvark-dns give service-name DNS on user networks (CNI without dnsname does not).
export const hostPackages = ["podman", "runc", "uidmap", "slirp4netns", "catatonit", "mmdebstrap", "iproute2", "iptables", "stress-ng", "netavark", "aardvark-dns", "fuse-overlayfs"];
const requiredFiles = ["/usr/lib/podman/netavark", "/usr/lib/podman/aardvark-dns"];
const requiredBinaries = ["podman", "runc", "newuidmap", "slirp4netns", "catatonit", "mmdebstrap", "ip", "iptables", "stress-ng"];

// runc because crun fails on hybrid cgroups; nofile within the host's hard limit (20000);
// cgroupfs/file logger because there is no systemd/journald; a short exit_command_delay so
// many execs do not leave conmon processes for 5 minutes.
export const containersConf = `# written by xnai-chaos-suite setup (see PLATFORM.md)
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
exit_command_delay = 5

[network]
network_backend = "netavark"
`;

const hostEnv = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", DEBIAN_FRONTEND: "noninteractive", HOME: "/root" };

export async function missingBinaries(): Promise<string[]> {
  const missing: string[] = [];
  for (const bin of requiredBinaries) {
    const r = await runCommand(["sh", "-c", `command -v ${bin}`], hostEnv, { allowFailure: true });
    if (r.code !== 0) missing.push(bin);
  }
  for (const file of requiredFiles) if (!existsSync(file)) missing.push(file);
  return missing;
}

export async function installHostPackages(log: (line: string) => void): Promise<void> {
  const missing = await missingBinaries();
  if (missing.length === 0) return;
  log(`installing host packages (missing: ${missing.join(", ")}); this takes 1-2 minutes`);
  await runCommand(["apt-get", "update", "-qq"], hostEnv, { timeoutMs: 300_000 });
  await runCommand(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...hostPackages], hostEnv, { timeoutMs: 900_000 });
}

export function configureContainersConf(): boolean {
  const path = "/etc/containers/containers.conf";
  const current = existsSync(path) ? readFileSync(path, "utf8") : "";
  if (current === containersConf) return false;
  mkdirSync("/etc/containers", { recursive: true });
  writeFileSync(path, containersConf);
  return true;
}

export async function ensureTunDevice(): Promise<void> {
  if (!existsSync("/dev/net/tun")) {
    mkdirSync("/dev/net", { recursive: true });
    await runCommand(["mknod", "/dev/net/tun", "c", "10", "200"], hostEnv);
  }
  // devtmpfs does not keep this across boots, so it is checked every run.
  if ((statSync("/dev/net/tun").mode & 0o666) !== 0o666) chmodSync("/dev/net/tun", 0o666);
}

export { hostEnv };

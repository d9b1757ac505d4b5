// The requirement checks behind `npm run doctor`: each says ok/warn/fail and, when not ok, the fix.
import { existsSync, readFileSync, statSync, statfsSync } from "node:fs";
import type { EngineTarget } from "./engine-target.ts";
import { podman } from "./podman-cli.ts";
import { pingSocket, socketPathOf } from "./api-service.ts";

export type Verdict = "ok" | "warn" | "fail";
export interface DoctorLine {
  check: string;
  verdict: Verdict;
  detail: string;
  fix?: string;
}

const line = (check: string, verdict: Verdict, detail: string, fix?: string): DoctorLine => ({ check, verdict, detail, fix });

export async function hostChecks(projectRoot: string): Promise<DoctorLine[]> {
  const out: DoctorLine[] = [];
  const tun = existsSync("/dev/net/tun") ? statSync("/dev/net/tun").mode & 0o777 : 0;
  out.push(tun & 0o006 ? line("tun device", "ok", "/dev/net/tun is usable by rootless users") : line("tun device", "fail", "/dev/net/tun missing or not world read/writable", "sudo chmod 666 /dev/net/tun (or sudo npm run setup)"));
  const conf = existsSync("/etc/containers/containers.conf") ? readFileSync("/etc/containers/containers.conf", "utf8") : "";
  out.push(/nofile=20000/.test(conf) ? line("ulimits", "ok", "default_ulimits nofile=20000 within the host hard limit") : line("ulimits", "fail", "podman's default ulimits exceed RLIMIT_NOFILE here", "sudo npm run setup (writes /etc/containers/containers.conf)"));
  const fs = statfsSync(projectRoot);
  const freeGb = (fs.bavail * fs.bsize) / 1e9;
  out.push(freeGb > 5 ? line("disk free", "ok", `${freeGb.toFixed(1)} GB free`) : line("disk free", freeGb > 2 ? "warn" : "fail", `${freeGb.toFixed(1)} GB free`, "free disk space; 'podman system prune' as the engine user removes unused images"));
  return out;
}

export async function engineChecks(target: EngineTarget, baseImage: string | undefined): Promise<DoctorLine[]> {
  const out: DoctorLine[] = [];
  const name = `${target.kind}:`;
  const info = await podman(target, ["info", "--format", "json"], { allowFailure: true, timeoutMs: 60_000 });
  if (info.code !== 0) return [line(`${name} podman`, "fail", info.stderr.trim().split("\n").pop() ?? "podman info failed", "sudo npm run setup")];
  const i = JSON.parse(info.stdout) as {
    host: { ociRuntime: { name: string; version: string }; cgroupVersion: string; security: { rootless: boolean }; idMappings?: { uidmap?: unknown[] } };
    store: { graphDriverName: string };
    version: { Version: string };
  };
  out.push(line(`${name} podman version`, "ok", i.version.Version));
  out.push(i.host.ociRuntime.name === "runc" ? line(`${name} OCI runtime`, "ok", `runc (${i.host.ociRuntime.version.split("\n")[0]})`) : line(`${name} OCI runtime`, "fail", `${i.host.ociRuntime.name}: crun fails on hybrid cgroups here`, "set [engine] runtime = \"runc\" in /etc/containers/containers.conf (sudo npm run setup)"));
  out.push(line(`${name} cgroup mode`, i.host.cgroupVersion === "v1" && i.host.security.rootless ? "warn" : "ok", `${i.host.cgroupVersion}${i.host.cgroupVersion === "v1" && i.host.security.rootless ? ": rootless cannot enforce memory/cpu limits; limit scenarios run on the rootful engine" : ""}`));
  out.push(line(`${name} rootless`, target.kind === "rootless" && !i.host.security.rootless ? "fail" : "ok", i.host.security.rootless ? `yes (user ${target.user})` : "no (rootful)"));
  out.push(i.store.graphDriverName === "overlay" ? line(`${name} storage driver`, "ok", "overlay") : line(`${name} storage driver`, "warn", `${i.store.graphDriverName} (10-60x slower builds than overlay)`, `set driver = "overlay" in ~/.config/containers/storage.conf, then 'podman system reset -f' as ${target.user}`));
  if (target.kind === "rootless") {
    const sub = existsSync("/etc/subuid") && readFileSync("/etc/subuid", "utf8").split("\n").some((l) => l.startsWith(`${target.user}:`));
    out.push(sub ? line(`${name} subuid`, "ok", `/etc/subuid has a range for ${target.user}`) : line(`${name} subuid`, "fail", `no /etc/subuid range for ${target.user}`, `sudo usermod --add-subuids 200000-265535 --add-subgids 200000-265535 ${target.user}`));
  }
  const sock = socketPathOf(target.socketUrl);
  const alive = sock ? await pingSocket(sock) : true;
  out.push(alive ? line(`${name} API`, "ok", `answers on ${target.socketUrl}`) : line(`${name} API`, "fail", `no answer on ${target.socketUrl}`, "npm run setup (starts 'podman system service')"));
  if (baseImage) {
    const has = (await podman(target, ["image", "exists", baseImage], { allowFailure: true })).code === 0;
    out.push(has ? line(`${name} base image`, "ok", baseImage) : line(`${name} base image`, "fail", `${baseImage} missing`, "sudo npm run setup (builds it offline with mmdebstrap)"));
  }
  return out;
}

// Creates and prepares the unprivileged account that owns the rootless Podman engine.
import { chownSync, existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "./podman-cli.ts";
import { hostEnv } from "./host-setup.ts";

export interface RootlessAccount {
  user: string;
  uid: number;
  gid: number;
  home: string;
  runtimeDir: string;
  tmpDir: string;
}

async function lookup(user: string): Promise<{ uid: number; gid: number; home: string } | undefined> {
  const r = await runCommand(["getent", "passwd", user], hostEnv, { allowFailure: true });
  if (r.code !== 0) return undefined;
  const f = r.stdout.trim().split(":");
  return { uid: Number(f[2]), gid: Number(f[3]), home: f[5] ?? `/home/${user}` };
}

function hasSubRange(file: string, user: string): boolean {
  return existsSync(file) && readFileSync(file, "utf8").split("\n").some((l) => l.startsWith(`${user}:`));
}

const storageConf = `# written by xnai-chaos-suite setup: native overlay (vfs is 10-60x slower to build)
[storage]
driver = "overlay"
`;

export async function ensureRootlessAccount(user: string, log: (line: string) => void): Promise<RootlessAccount> {
  let info = await lookup(user);
  if (!info) {
    log(`creating unprivileged user '${user}' for rootless Podman`);
    await runCommand(["useradd", "--create-home", "--shell", "/bin/bash", user], hostEnv);
    info = await lookup(user);
    if (!info) throw new Error(`useradd ${user} succeeded but the account cannot be found`);
  }
  for (const file of ["/etc/subuid", "/etc/subgid"]) {
    if (!hasSubRange(file, user)) {
      const flag = file.endsWith("uid") ? "--add-subuids" : "--add-subgids";
      const start = 200_000 + (info.uid % 1000) * 65_536;
      log(`adding ${file} range for ${user}`);
      await runCommand(["usermod", flag, `${start}-${start + 65_535}`, user], hostEnv);
    }
  }
  const runtimeDir = `/run/user/${info.uid}`;
  mkdirSync(runtimeDir, { recursive: true });
  chownSync(runtimeDir, info.uid, info.gid);
  chmodSync(runtimeDir, 0o700);
  // A per-user TMPDIR: otherwise rootless cache mounts land in root's /var/tmp/buildah-cache (EACCES).
  const tmpDir = join(info.home, ".tmp");
  mkdirSync(tmpDir, { recursive: true });
  chownSync(tmpDir, info.uid, info.gid);
  const confDir = join(info.home, ".config", "containers");
  const confFile = join(confDir, "storage.conf");
  if (!existsSync(confFile) || readFileSync(confFile, "utf8") !== storageConf) {
    mkdirSync(confDir, { recursive: true });
    writeFileSync(confFile, storageConf);
    for (const p of [join(info.home, ".config"), confDir, confFile]) chownSync(p, info.uid, info.gid);
  }
  return { user, uid: info.uid, gid: info.gid, home: info.home, runtimeDir, tmpDir };
}

export function rootlessCommandEnv(acc: RootlessAccount): Record<string, string> {
  return {
    PATH: hostEnv.PATH,
    HOME: acc.home,
    USER: acc.user,
    XDG_RUNTIME_DIR: acc.runtimeDir,
    TMPDIR: acc.tmpDir,
  };
}

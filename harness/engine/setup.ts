// Brings the engines to a usable state (idempotent) and records how to reach them in .cache/engine.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { userInfo } from "node:os";
import type { SuiteEnv } from "../config/env.ts";
import { configureContainersConf, ensureTunDevice, hostEnv, installHostPackages, missingBinaries } from "./host-setup.ts";
import { ensureRootlessAccount, rootlessCommandEnv } from "./rootless-user.ts";
import { ensureApiService } from "./api-service.ts";
import { baseImageHash, buildBaseTarball, imageExists, importBaseImage } from "./base-image.ts";
import { engineStatePath, type EngineState, type EngineTarget } from "./engine-target.ts";
import { podman } from "./podman-cli.ts";

export class SetupError extends Error {
  override name = "SetupError";
}

type Log = (line: string) => void;

async function repairIfStale(target: EngineTarget, log: Log): Promise<void> {
  const info = await podman(target, ["info", "--format", "{{.Host.OCIRuntime.Name}}"], { allowFailure: true, timeoutMs: 60_000 });
  if (info.code === 0) return;
  // Processes killed under podman (e.g. between sessions) leave a stale pause process / runtime dir.
  log(`podman (${target.kind}) did not answer cleanly; running 'podman system migrate'`);
  await podman(target, ["system", "migrate"], { allowFailure: true, timeoutMs: 120_000 });
  await podman(target, ["info"], { timeoutMs: 60_000 });
}

async function rootSetup(env: SuiteEnv, log: Log): Promise<EngineState["engines"]> {
  await installHostPackages(log);
  if (configureContainersConf()) log("wrote /etc/containers/containers.conf (runc, ulimits, cgroupfs)");
  await ensureTunDevice();
  const acc = await ensureRootlessAccount(env.rootlessUser, log);
  const rootless: EngineTarget = {
    kind: "rootless",
    user: acc.user,
    uid: acc.uid,
    socketUrl: `unix://${acc.runtimeDir}/podman/podman.sock`,
    commandPrefix: ["runuser", "-u", acc.user, "--"],
    commandEnv: rootlessCommandEnv(acc),
    runtimeDir: acc.runtimeDir,
    tmpDir: acc.tmpDir,
  };
  mkdirSync("/var/tmp/xnai-root", { recursive: true });
  const rootful: EngineTarget = {
    kind: "rootful",
    user: "root",
    uid: 0,
    socketUrl: "unix:///run/podman/podman.sock",
    commandPrefix: [],
    commandEnv: { ...hostEnv, TMPDIR: "/var/tmp/xnai-root" },
    runtimeDir: "/run",
    tmpDir: "/var/tmp/xnai-root",
  };
  return { rootless, rootful };
}

async function userSetup(log: Log): Promise<EngineState["engines"]> {
  const missing = await missingBinaries();
  const me = userInfo();
  const runtimeDir = `/run/user/${me.uid}`;
  const fixes: string[] = [];
  if (missing.includes("podman")) fixes.push(`sudo apt-get install -y podman runc uidmap slirp4netns catatonit mmdebstrap iproute2 iptables stress-ng`);
  if (fixes.length) throw new SetupError(`not root and Podman is missing; run:\n  ${fixes.join("\n  ")}\nthen 'npm run setup' again`);
  if (missing.length) log(`warning: missing ${missing.join(", ")}: some capabilities will be reported as unavailable`);
  const rootless: EngineTarget = {
    kind: "rootless",
    user: me.username,
    uid: me.uid,
    socketUrl: `unix://${runtimeDir}/podman/podman.sock`,
    commandPrefix: [],
    commandEnv: { PATH: hostEnv.PATH, HOME: me.homedir, XDG_RUNTIME_DIR: runtimeDir, TMPDIR: join(me.homedir, ".tmp") },
    runtimeDir,
    tmpDir: join(me.homedir, ".tmp"),
  };
  mkdirSync(rootless.tmpDir, { recursive: true });
  log("not root: using your own rootless Podman; the rootful engine is unavailable. For subuid ranges, containers.conf and /dev/net/tun run 'sudo npm run setup' once.");
  return { rootless };
}

export interface SetupResult {
  state: EngineState;
  startedServices: string[];
  elapsedMs: number;
}

export async function runSetup(env: SuiteEnv, log: Log, opts: { engines?: Array<"rootless" | "rootful"> } = {}): Promise<SetupResult> {
  const t0 = Date.now();
  const isRoot = process.getuid?.() === 0;
  const engines = isRoot ? await rootSetup(env, log) : await userSetup(log);
  const wanted = opts.engines ?? (["rootless", "rootful"] as const).filter((k) => engines[k]);
  const logDir = join(env.projectRoot, ".cache", "logs");
  const startedServices: string[] = [];
  const hash = await baseImageHash();
  let tarball: string | undefined;
  for (const kind of wanted) {
    const target = engines[kind];
    if (!target) throw new SetupError(`the ${kind} engine is not available on this host (needs root)`);
    await repairIfStale(target, log);
    if (await ensureApiService(target, logDir)) startedServices.push(kind);
    const tag = `localhost/xnai-base:${hash}`;
    if (await imageExists(target, tag)) {
      await podman(target, ["tag", tag, "localhost/xnai-base:latest"]);
      continue;
    }
    if (!isRoot) throw new SetupError(`base image ${tag} is missing and building it needs root (mmdebstrap): run 'sudo npm run setup'`);
    tarball ??= await buildBaseTarball(join(env.projectRoot, ".cache", "base"), hash, log);
    log(`importing base image ${tag} into the ${kind} store`);
    await importBaseImage(target, tarball, hash);
  }
  const state: EngineState = { writtenAt: new Date().toISOString(), engines, baseImage: { tag: `localhost/xnai-base:${hash}`, hash } };
  mkdirSync(join(env.projectRoot, ".cache"), { recursive: true });
  writeFileSync(engineStatePath(env.projectRoot), JSON.stringify(state, null, 2));
  return { state, startedServices, elapsedMs: Date.now() - t0 };
}

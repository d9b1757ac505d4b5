import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { effectiveEnvironment, loadCompose, memoryLimitBytes, type ComposeModel, type ServiceModel } from "./index.ts";

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));
const FULL = fixture("full/compose.yaml");
const full = (): ComposeModel => loadCompose(FULL, { mode: "strict", variables: { FROM_SHELL: "shell", PASSTHRU: "p" } });
const svc = (m: ComposeModel, name: string): ServiceModel => {
  const s = m.services[name];
  if (!s) throw new Error(`fixture has no service ${name}`);
  return s;
};

describe("loadCompose on the full fixture", () => {
  it("keeps the line of every service and of each key", () => {
    const m = full();
    expect(svc(m, "redis").line).toBe(6);
    expect(svc(m, "api").keyLines["ports"]).toBe(70);
    expect(svc(m, "api").ports[0]?.line).toBe(71);
    expect(m.findings).toEqual([]);
  });

  it("interpolates from .env with defaults and lets explicit variables win", () => {
    expect(svc(full(), "redis").image).toBe("redis:7.2");
    const m = loadCompose(FULL, { variables: { REDIS_TAG: "8", FROM_SHELL: "x", PASSTHRU: "p" } });
    expect(svc(m, "redis").image).toBe("redis:8");
    expect(svc(m, "redis").command).toEqual(["redis-server", "--maxmemory", "256mb", "--save", ""]);
  });

  it("expands YAML merge keys from x- anchors", () => {
    const r = svc(full(), "redis");
    expect(r.capDrop).toEqual(["ALL"]);
    expect(r.securityOpt).toEqual(["no-new-privileges:true"]);
  });

  it("normalizes build with an absolute context, dockerfile, args and target", () => {
    const b = svc(full(), "api").build;
    expect(b?.context).toBe(fixture("full/api"));
    expect(b).toMatchObject({ dockerfile: "Containerfile", target: "runtime", args: { PY_VERSION: "3.11", FROM_ENV: undefined } });
  });

  it("turns command and entrypoint into arrays, splitting strings like a shell", () => {
    const m = full();
    expect(svc(m, "api").entrypoint).toEqual(["/usr/bin/python3", "-m", "uvicorn"]);
    expect(svc(m, "api").command).toEqual(["app:app", "--port", "8000"]);
    expect(svc(m, "worker").command).toEqual(["echo", "hello world", "single quoted", "escaped space"]);
  });

  it("merges env_file (quotes, comments, export) under environment (map and list, $$ escape, pass-through)", () => {
    const m = full();
    const env = effectiveEnvironment(svc(m, "api"));
    expect(env).toMatchObject({ APP_MODE: "production", QUOTED: "two words", SINGLE: "single $NOT_EXPANDED", EXPORTED: "yes" });
    expect(env["LOG_LEVEL"]).toBe("debug");
    expect(env["FROM_SHELL"]).toBe("shell");
    expect(env["COST"]).toBe("$5");
    expect(svc(m, "api").envFiles).toEqual([fixture("full/app.env")]);
    expect(effectiveEnvironment(svc(m, "worker"))).toEqual({ MODE: "batch", PASSTHRU: "p" });
    expect(svc(m, "api").environment.find((e) => e.name === "APP_MODE")).toMatchObject({ source: "env_file", line: 2 });
  });

  it("reads user, working_dir, init, read_only, privileged, restart, labels, stop_grace_period, ulimits, sysctls", () => {
    const m = full();
    const r = svc(m, "redis");
    const a = svc(m, "api");
    expect(r.user).toBe("999:999");
    expect(a).toMatchObject({ workingDir: "/srv", init: true, readOnly: true, privileged: false, labels: { "com.example.role": "api" } });
    expect(r.restart).toBe("unless-stopped");
    expect(r.stopGracePeriodMs).toBe(90_000);
    expect(r.ulimits).toEqual({ nofile: { soft: 1024, hard: 2048 }, nproc: { soft: 512, hard: 512 } });
    expect(r.sysctls).toEqual({ "net.core.somaxconn": "1024" });
    expect(a.dnsOptions).toEqual([]);
  });

  it("reads dns_opt as resolv.conf options", () => {
    const dir = mkdtempSync(join(tmpdir(), "compose-dns-"));
    writeFileSync(join(dir, "compose.yaml"), 'services:\n  api:\n    image: x\n    dns_opt: ["timeout:1", attempts:1]\n');
    const m = loadCompose(join(dir, "compose.yaml"), { mode: "strict" });
    expect(svc(m, "api").dnsOptions).toEqual(["timeout:1", "attempts:1"]);
    expect(m.findings.filter((f) => f.kind === "unsupported")).toEqual([]);
  });

  it("models short and long tmpfs with size in bytes and octal mode", () => {
    const tmpfs = svc(full(), "redis").mounts.filter((m) => m.kind === "tmpfs");
    expect(tmpfs).toMatchObject([
      { target: "/run/redis", tmpfsSizeBytes: 16 * 1024 ** 2, tmpfsMode: 0o1777, origin: "tmpfs", line: 12 },
      { target: "/scratch", tmpfsSizeBytes: 64 * 1024 ** 2, tmpfsMode: 0o1777, origin: "volumes-long", line: 16 },
    ]);
  });

  it("models short and long volumes: named, bind resolved to the compose dir, ro/Z/U options, selinux", () => {
    const mounts = svc(full(), "redis").mounts.filter((m) => m.kind !== "tmpfs");
    expect(mounts).toMatchObject([
      { kind: "volume", source: "redis-data", target: "/data", chown: true, readOnly: false, line: 14 },
      { kind: "bind", source: fixture("full/conf/redis.conf"), target: "/etc/redis/redis.conf", readOnly: true, relabel: "Z", options: ["ro", "Z"] },
      { kind: "bind", source: fixture("full/models"), target: "/models", readOnly: true, relabel: "z", origin: "volumes-long" },
    ]);
  });

  it("models top-level file secrets and service secrets in short and long syntax", () => {
    const m = full();
    expect(m.secrets["db_password"]).toMatchObject({ file: fixture("full/secrets/db.txt"), line: 111 });
    expect(svc(m, "api").secrets.map((s) => s.target)).toEqual(["/run/secrets/db_password", "/run/secrets/custom/pw.txt"]);
  });

  it("models networks as list or map with aliases, default network, and top-level internal/driver/labels", () => {
    const m = full();
    expect(svc(m, "api").networks).toMatchObject([{ name: "backend", aliases: ["rag", "api-internal"] }, { name: "frontend", aliases: [] }]);
    expect(svc(m, "redis").networks.map((n) => n.name)).toEqual(["backend"]);
    expect(svc(m, "worker").networks.map((n) => n.name)).toEqual(["default"]);
    expect(m.networks["backend"]).toMatchObject({ internal: true, driver: "bridge", labels: { tier: "data" } });
    expect(m.networks["frontend"]?.internal).toBe(false);
  });

  it("models ports in short syntax (host ip, ranges, protocol) and long syntax, and expose", () => {
    const m = full();
    expect(svc(m, "api").ports.map(({ hostIp, hostPort, containerPort, protocol }) => ({ hostIp, hostPort, containerPort, protocol }))).toEqual([
      { hostIp: "127.0.0.1", hostPort: 8080, containerPort: 8000, protocol: "tcp" },
      { hostIp: undefined, hostPort: 9000, containerPort: 9000, protocol: "udp" },
      { hostIp: undefined, hostPort: 9001, containerPort: 9001, protocol: "udp" },
      { hostIp: "0.0.0.0", hostPort: 8443, containerPort: 8443, protocol: "tcp" },
    ]);
    expect(svc(m, "redis").expose).toEqual([6379]);
  });

  it("models depends_on as list (service_started) or map with conditions", () => {
    const m = full();
    expect(svc(m, "worker").dependsOn).toMatchObject([{ service: "redis", condition: "service_started" }]);
    expect(svc(m, "api").dependsOn).toMatchObject([
      { service: "redis", condition: "service_healthy", line: 86 },
      { service: "worker", condition: "service_completed_successfully" },
    ]);
  });

  it("models healthchecks: CMD, CMD-SHELL and plain string, durations in ms", () => {
    const m = full();
    expect(svc(m, "redis").healthcheck).toMatchObject({ kind: "CMD", argv: ["redis-cli", "ping"], intervalMs: 90_000, timeoutMs: 500, retries: 3, startPeriodMs: 10_000 });
    expect(svc(m, "api").healthcheck).toMatchObject({ kind: "CMD-SHELL", shell: "curl -fsS http://localhost:8000/health || exit 1" });
    expect(svc(m, "worker").healthcheck).toMatchObject({ kind: "CMD-SHELL", shell: "test -f /tmp/ok", disabled: false });
  });

  it("normalizes capabilities, security_opt and resource limits (memory in bytes, cpus as number, mem_limit)", () => {
    const m = full();
    expect(svc(m, "api").capAdd).toEqual(["NET_BIND_SERVICE"]);
    expect(svc(m, "redis").limits).toEqual({ memoryBytes: 512 * 1024 ** 2, cpus: 0.5 });
    expect(memoryLimitBytes(svc(m, "redis"))).toBe(512 * 1024 ** 2);
    expect(memoryLimitBytes(svc(m, "api"))).toBe(1024 ** 3);
  });
});

describe("loadCompose findings", () => {
  it("returns every key it does not model as an unsupported finding with its line", () => {
    const m = loadCompose(fixture("unsupported.yaml"));
    const found = m.findings.filter((f) => f.kind === "unsupported").map((f) => [f.service, f.key, f.line]);
    expect(found).toEqual([
      [undefined, "configs", 12],
      ["app", "profiles", 4],
      ["app", "extends", 5],
      ["app", "devices", 6],
      ["app", "network_mode", 7],
      ["app", "pid", 8],
      ["app", "deploy.replicas", 10],
    ]);
  });

  it("tolerant mode records unset and required variables and goes on", () => {
    const m = loadCompose(fixture("errors/required-variable.yaml"), { mode: "tolerant" });
    expect(m.findings).toMatchObject([{ kind: "required-variable", variable: "TAG", service: "app", key: "image", line: 3 }]);
    expect(m.services["app"]?.image).toBe("busybox:");
    const full2 = loadCompose(FULL, { mode: "tolerant", readDotEnv: false });
    expect(full2.findings.filter((f) => f.kind === "unset-variable").map((f) => f.variable)).toEqual(["REDIS_MAXMEM"]);
    expect(full2.services["redis"]?.image).toBe("redis:7");
  });

  it("records every variable reference with its service, key and line", () => {
    const refs = full().variables.filter((v) => v.name === "REDIS_MAXMEM");
    expect(refs).toEqual([{ name: "REDIS_MAXMEM", service: "redis", key: "command", line: 9, defined: true }]);
  });
});

import { readFileSync } from "node:fs";
import { dirname, posix, resolve } from "node:path";
import { isMap, LineCounter, parseDocument, type Node } from "yaml";
import { ComposeError } from "./compose-error.ts";
import { parseEnvFile, type VariableMap } from "./interpolate.ts";
import type {
  BuildSpec, ComposeModel, Dependency, DependencyCondition, EnvVar, Healthcheck, Mount, NetworkModel, PortMapping,
  SecretModel, ServiceModel, ServiceNetwork, ServiceSecret, Ulimit, VolumeModel,
} from "./model.ts";
import { emptyMount, parseShortTmpfs, parseShortVolume, resolveHostPath } from "./mounts.ts";
import { findCycle } from "./start-order.ts";
import { parseBytes, parseDurationMs, parseMode, shellSplit } from "./units.ts";
import {
  bool, entries, finding, isMapNode, items, keyValues, lineOf, scalar, sourceText, stringList,
  violation, type Entry, type LoadContext, type Where,
} from "./yaml-walk.ts";

export interface LoadOptions {
  /** Variables for interpolation; they override `.env` beside the compose file. */
  variables?: VariableMap;
  /** strict: throw ComposeError on validation errors; tolerant: record them as findings and go on. */
  mode?: "strict" | "tolerant";
  /** Read `.env` beside the compose file (default true). */
  readDotEnv?: boolean;
}

const TOP_LEVEL = new Set(["version", "name", "services", "networks", "volumes", "secrets"]);

/** Load and normalize a compose file without touching any container engine. */
export function loadCompose(composeFile: string, options: LoadOptions = {}): ComposeModel {
  const file = resolve(composeFile);
  const text = readText(file, "compose file");
  return parseCompose(text, file, options);
}

/** Same as loadCompose for text already in memory; `file` anchors relative paths and messages. */
export function parseCompose(text: string, composeFile: string, options: LoadOptions = {}): ComposeModel {
  const file = resolve(composeFile);
  const dir = dirname(file);
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0].line ?? lines.linePos(err.pos[0]).line;
    throw new ComposeError({
      code: "not-yaml", file, line,
      message: `not valid YAML at line ${line}: ${err.message.split("\n")[0]}; fix the YAML syntax there`,
    });
  }
  const dotEnv = options.readDotEnv === false ? {} : readDotEnv(dir);
  const vars: VariableMap = { ...dotEnv, ...(options.variables ?? {}) };
  const ctx: LoadContext = { file, dir, text, doc, lines, vars, strict: options.mode === "strict", findings: [], refs: [] };
  const top = entries(ctx, doc.contents);
  const servicesEntry = top?.find((e) => e.key === "services");
  if (!top || !servicesEntry || !isMapNode(ctx, servicesEntry.value)) {
    throw new ComposeError({
      code: "not-compose", file, line: servicesEntry?.line ?? 1,
      message: "not a compose file: it has no `services:` map; add `services:` with one entry per container",
    });
  }
  const model: ComposeModel = {
    file, dir, name: undefined, services: {}, networks: {}, volumes: {}, secrets: {}, findings: ctx.findings, variables: ctx.refs,
  };
  for (const e of top) {
    if (e.key === "name") model.name = scalar(ctx, e.value, { service: undefined, key: "name" });
    else if (e.key === "networks") model.networks = topNetworks(ctx, e);
    else if (e.key === "volumes") model.volumes = topVolumes(ctx, e);
    else if (e.key === "secrets") model.secrets = topSecrets(ctx, e);
    else if (!TOP_LEVEL.has(e.key) && !e.key.startsWith("x-")) {
      finding(ctx, "unsupported", { service: undefined, key: e.key }, e.line, `top-level \`${e.key}\` is not supported by the model; remove it or model it explicitly`);
    }
  }
  for (const e of entries(ctx, servicesEntry.value) ?? []) {
    model.services[e.key] = normalizeService(ctx, model, e);
  }
  validate(ctx, model);
  return model;
}

function readText(file: string, what: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new ComposeError({ code: "unreadable-file", file, message: `cannot read ${what} ${file} (${reason}); check the path and its permissions` });
  }
}

function readDotEnv(dir: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(resolve(dir, ".env"), "utf8");
  } catch {
    return {};
  }
  const out: Record<string, string> = {};
  for (const { key, value } of parseEnvFile(text)) if (value !== undefined) out[key] = value;
  return out;
}

function topNetworks(ctx: LoadContext, e: Entry): Record<string, NetworkModel> {
  const out: Record<string, NetworkModel> = {};
  for (const n of entries(ctx, e.value) ?? []) {
    const where = { service: undefined, key: `networks.${n.key}` };
    const net: NetworkModel = { name: n.key, internal: false, driver: undefined, external: false, labels: {}, line: n.line };
    for (const k of entries(ctx, n.value) ?? []) {
      if (k.key === "internal") net.internal = bool(ctx, k.value, where) ?? false;
      else if (k.key === "driver") net.driver = scalar(ctx, k.value, where);
      else if (k.key === "external") net.external = bool(ctx, k.value, where) ?? isMapNode(ctx, k.value);
      else if (k.key === "labels") net.labels = labelMap(ctx, k.value, where);
      else if (k.key !== "name" && !k.key.startsWith("x-")) {
        finding(ctx, "unsupported", where, k.line, `network option \`${k.key}\` is not supported by the model`);
      }
    }
    out[n.key] = net;
  }
  return out;
}

function topVolumes(ctx: LoadContext, e: Entry): Record<string, VolumeModel> {
  const out: Record<string, VolumeModel> = {};
  for (const v of entries(ctx, e.value) ?? []) {
    const where = { service: undefined, key: `volumes.${v.key}` };
    const vol: VolumeModel = { name: v.key, driver: undefined, external: false, labels: {}, line: v.line };
    for (const k of entries(ctx, v.value) ?? []) {
      if (k.key === "driver") vol.driver = scalar(ctx, k.value, where);
      else if (k.key === "external") vol.external = bool(ctx, k.value, where) ?? isMapNode(ctx, k.value);
      else if (k.key === "labels") vol.labels = labelMap(ctx, k.value, where);
      else if (k.key !== "name" && !k.key.startsWith("x-")) {
        finding(ctx, "unsupported", where, k.line, `volume option \`${k.key}\` is not supported by the model`);
      }
    }
    out[v.key] = vol;
  }
  return out;
}

function topSecrets(ctx: LoadContext, e: Entry): Record<string, SecretModel> {
  const out: Record<string, SecretModel> = {};
  for (const s of entries(ctx, e.value) ?? []) {
    const where = { service: undefined, key: `secrets.${s.key}` };
    const sec: SecretModel = { name: s.key, file: undefined, environment: undefined, external: false, line: s.line };
    for (const k of entries(ctx, s.value) ?? []) {
      if (k.key === "file") {
        const f = scalar(ctx, k.value, where);
        sec.file = f === undefined ? undefined : resolveHostPath(ctx.dir, f);
      } else if (k.key === "environment") sec.environment = scalar(ctx, k.value, where);
      else if (k.key === "external") sec.external = bool(ctx, k.value, where) ?? false;
      else if (k.key !== "name") finding(ctx, "unsupported", where, k.line, `secret option \`${k.key}\` is not supported by the model`);
    }
    if (!sec.file && !sec.environment && !sec.external) {
      finding(ctx, "invalid", where, s.line, `secret ${s.key} has no \`file:\`; point it at a file (e.g. ./secrets/${s.key}.txt)`);
    }
    out[s.key] = sec;
  }
  return out;
}

function labelMap(ctx: LoadContext, node: unknown, where: Where): Record<string, string> {
  const out: Record<string, string> = {};
  for (const kv of keyValues(ctx, node, where)) out[kv.key] = kv.value ?? "";
  return out;
}

function emptyService(name: string, line: number): ServiceModel {
  return {
    name, line, keyLines: {}, image: undefined, build: undefined, command: undefined, entrypoint: undefined, environment: [],
    envFiles: [], user: undefined, workingDir: undefined, mounts: [], secrets: [], networks: [], networkMode: undefined, ports: [],
    expose: [], dependsOn: [], healthcheck: undefined, capAdd: [], capDrop: [], securityOpt: [], privileged: false,
    readOnly: false, init: undefined, usernsMode: undefined, limits: { memoryBytes: undefined, cpus: undefined },
    memLimitBytes: undefined, restart: undefined, labels: {}, stopGracePeriodMs: undefined, ulimits: {}, sysctls: {}, dnsOptions: [],
    containerName: undefined, hostname: undefined,
  };
}

type KeyHandler = (ctx: LoadContext, model: ComposeModel, svc: ServiceModel, e: Entry, where: Where) => void;

const SERVICE_KEYS: Record<string, KeyHandler> = {
  image: (ctx, _m, s, e, w) => { s.image = scalar(ctx, e.value, w); },
  build: (ctx, _m, s, e, w) => { s.build = buildSpec(ctx, e, w); },
  command: (ctx, _m, s, e, w) => { s.command = commandArgs(ctx, e.value, w); },
  entrypoint: (ctx, _m, s, e, w) => { s.entrypoint = commandArgs(ctx, e.value, w); },
  environment: (ctx, _m, s, e, w) => {
    for (const kv of keyValues(ctx, e.value, w)) {
      const value = kv.hasValue ? (kv.value ?? "") : ctx.vars[kv.key];
      s.environment = s.environment.filter((x) => x.name !== kv.key);
      s.environment.push({ name: kv.key, value, source: "environment", file: ctx.file, line: kv.line });
    }
  },
  env_file: (ctx, _m, s, e, w) => envFiles(ctx, s, e, w),
  user: (ctx, _m, s, e, w) => { s.user = scalar(ctx, e.value, w); },
  working_dir: (ctx, _m, s, e, w) => { s.workingDir = scalar(ctx, e.value, w); },
  tmpfs: (ctx, _m, s, e, w) => {
    const list = items(ctx, e.value) ?? [e.value];
    for (const i of list) {
      const spec = scalar(ctx, i, w);
      if (spec === undefined) continue;
      const { mount, problems } = parseShortTmpfs(spec, lineOf(ctx, i));
      for (const p of problems) finding(ctx, "invalid", w, mount.line, p);
      s.mounts.push(mount);
    }
  },
  volumes: (ctx, m, s, e, w) => {
    for (const i of items(ctx, e.value) ?? []) {
      const mount = isMap(i) ? longVolume(ctx, i, w) : shortVolume(ctx, m, i, w);
      if (!mount) continue;
      if (isMap(i)) checkNamedVolume(ctx, m, mount, w);
      s.mounts.push(mount);
    }
  },
  secrets: (ctx, m, s, e, w) => serviceSecrets(ctx, m, s, e, w),
  networks: (ctx, m, s, e, w) => serviceNetworks(ctx, m, s, e, w),
  network_mode: (ctx, _m, s, e, w) => {
    const mode = scalar(ctx, e.value, w);
    if (mode === "none" || mode === "bridge") s.networkMode = mode;
    else finding(ctx, "unsupported", w, e.line, `network_mode: ${mode} is not supported (it escapes the stack's networks); use networks:`);
  },
  ports: (ctx, _m, s, e, w) => { for (const i of items(ctx, e.value) ?? []) s.ports.push(...ports(ctx, i, w)); },
  expose: (ctx, _m, s, e, w) => {
    for (const i of items(ctx, e.value) ?? []) {
      const v = scalar(ctx, i, w) ?? "";
      const m = /^(\d+)(?:-(\d+))?(?:\/\w+)?$/.exec(v);
      if (!m) { finding(ctx, "invalid", w, lineOf(ctx, i), `expose "${v}" is not a port such as 8080 or 8080/tcp`); continue; }
      for (let p = Number(m[1]); p <= Number(m[2] ?? m[1]); p++) s.expose.push(p);
    }
  },
  depends_on: (ctx, _m, s, e, w) => { s.dependsOn = dependsOn(ctx, e, w); },
  healthcheck: (ctx, _m, s, e, w) => { s.healthcheck = healthcheck(ctx, e, w); },
  cap_add: (ctx, _m, s, e, w) => { s.capAdd = stringList(ctx, e.value, w).map(capName); },
  cap_drop: (ctx, _m, s, e, w) => { s.capDrop = stringList(ctx, e.value, w).map(capName); },
  security_opt: (ctx, _m, s, e, w) => { s.securityOpt = stringList(ctx, e.value, w); },
  privileged: (ctx, _m, s, e, w) => { s.privileged = bool(ctx, e.value, w) ?? false; },
  read_only: (ctx, _m, s, e, w) => { s.readOnly = bool(ctx, e.value, w) ?? false; },
  init: (ctx, _m, s, e, w) => { s.init = bool(ctx, e.value, w); },
  userns_mode: (ctx, _m, s, e, w) => { s.usernsMode = scalar(ctx, e.value, w); },
  deploy: (ctx, _m, s, e, w) => deploy(ctx, s, e, w),
  mem_limit: (ctx, _m, s, e, w) => { s.memLimitBytes = bytes(ctx, e.value, w); },
  restart: (ctx, _m, s, e, w) => { s.restart = scalar(ctx, e.value, w); },
  labels: (ctx, _m, s, e, w) => { s.labels = labelMap(ctx, e.value, w); },
  stop_grace_period: (ctx, _m, s, e, w) => { s.stopGracePeriodMs = duration(ctx, e.value, w); },
  ulimits: (ctx, _m, s, e, w) => { s.ulimits = ulimits(ctx, e, w); },
  sysctls: (ctx, _m, s, e, w) => { s.sysctls = labelMap(ctx, e.value, w); },
  dns_opt: (ctx, _m, s, e, w) => { s.dnsOptions = stringList(ctx, e.value, w); },
  container_name: (ctx, _m, s, e, w) => { s.containerName = scalar(ctx, e.value, w); },
  hostname: (ctx, _m, s, e, w) => { s.hostname = scalar(ctx, e.value, w); },
};

function normalizeService(ctx: LoadContext, model: ComposeModel, se: Entry): ServiceModel {
  const svc = emptyService(se.key, se.line);
  const body = entries(ctx, se.value);
  if (!body) {
    violation(ctx, "invalid-value", { service: se.key, key: "" }, se.line, `service ${se.key} must be a map of settings`);
    return svc;
  }
  // env_file is applied before environment so that environment wins, whatever the key order.
  const ordered = [...body.filter((e) => e.key === "env_file"), ...body.filter((e) => e.key !== "env_file")];
  for (const e of ordered) {
    svc.keyLines[e.key] = e.line;
    const where = { service: se.key, key: e.key };
    const handler = SERVICE_KEYS[e.key];
    if (handler) handler(ctx, model, svc, e, where);
    else if (!e.key.startsWith("x-")) {
      finding(ctx, "unsupported", where, e.line, `service key \`${e.key}\` is not supported by the model; remove it or extend harness/stack/compose`);
    }
  }
  if (svc.networks.length === 0 && svc.networkMode === undefined) svc.networks.push({ name: "default", aliases: [], line: se.line });
  return svc;
}

function buildSpec(ctx: LoadContext, e: Entry, where: Where): BuildSpec {
  const spec: BuildSpec = { context: ctx.dir, dockerfile: undefined, args: {}, target: undefined, line: e.line };
  const body = entries(ctx, e.value);
  if (!body) {
    spec.context = resolveHostPath(ctx.dir, scalar(ctx, e.value, where) ?? ".");
    return spec;
  }
  for (const k of body) {
    const w = { service: where.service, key: `build.${k.key}` };
    if (k.key === "context") spec.context = resolveHostPath(ctx.dir, scalar(ctx, k.value, w) ?? ".");
    else if (k.key === "dockerfile") spec.dockerfile = scalar(ctx, k.value, w);
    else if (k.key === "target") spec.target = scalar(ctx, k.value, w);
    else if (k.key === "args") for (const kv of keyValues(ctx, k.value, w)) spec.args[kv.key] = kv.hasValue ? kv.value : ctx.vars[kv.key];
    else finding(ctx, "unsupported", w, k.line, `build option \`${k.key}\` is not supported by the model`);
  }
  return spec;
}

function commandArgs(ctx: LoadContext, node: Node | null, where: Where): string[] | undefined {
  const list = items(ctx, node);
  if (list) return list.map((i) => scalar(ctx, i, where) ?? "");
  const s = scalar(ctx, node, where);
  return s === undefined ? undefined : shellSplit(s);
}

function envFiles(ctx: LoadContext, svc: ServiceModel, e: Entry, where: Where): void {
  const list = items(ctx, e.value) ?? [e.value];
  for (const i of list) {
    let path: string | undefined;
    let required = true;
    const body = entries(ctx, i);
    if (body) {
      for (const k of body) {
        if (k.key === "path") path = scalar(ctx, k.value, where);
        else if (k.key === "required") required = bool(ctx, k.value, where) ?? true;
      }
    } else path = scalar(ctx, i, where);
    if (path === undefined) continue;
    const abs = resolveHostPath(ctx.dir, path);
    svc.envFiles.push(abs);
    let text: string;
    try {
      text = readFileSync(abs, "utf8");
    } catch (err) {
      if (!required) continue;
      const reason = (err as NodeJS.ErrnoException).code ?? "unreadable";
      violation(ctx, "unreadable-file", where, lineOf(ctx, i), `cannot read env_file ${abs} (${reason}); create it or mark it \`required: false\``);
      continue;
    }
    for (const kv of parseEnvFile(text)) {
      const value: EnvVar["value"] = kv.value ?? ctx.vars[kv.key];
      svc.environment = svc.environment.filter((x) => x.name !== kv.key);
      svc.environment.push({ name: kv.key, value, source: "env_file", file: abs, line: kv.line });
    }
  }
}

function shortVolume(ctx: LoadContext, model: ComposeModel, node: Node | null, where: Where): Mount | undefined {
  const spec = scalar(ctx, node, where);
  if (spec === undefined) return undefined;
  const { mount, problems } = parseShortVolume(spec, ctx.dir, lineOf(ctx, node));
  for (const p of problems) finding(ctx, "invalid", where, mount.line, p);
  checkNamedVolume(ctx, model, mount, where);
  return mount;
}

function checkNamedVolume(ctx: LoadContext, model: ComposeModel, mount: Mount, where: Where): void {
  if (mount.kind === "volume" && mount.source !== undefined && !model.volumes[mount.source]) {
    finding(ctx, "invalid", where, mount.line, `named volume "${mount.source}" is not declared under top-level \`volumes:\`; declare it or use a ./path for a bind mount`);
  }
}

function longVolume(ctx: LoadContext, node: Node, where: Where): Mount | undefined {
  const m = emptyMount(lineOf(ctx, node), "");
  let type: string | undefined;
  for (const k of entries(ctx, node) ?? []) {
    const w = { service: where.service, key: `volumes.${k.key}` };
    if (k.key === "type") type = scalar(ctx, k.value, w);
    else if (k.key === "source") m.source = scalar(ctx, k.value, w);
    else if (k.key === "target") m.target = scalar(ctx, k.value, w) ?? "";
    else if (k.key === "read_only") m.readOnly = bool(ctx, k.value, w) ?? false;
    else if (k.key === "bind") {
      for (const b of entries(ctx, k.value) ?? []) {
        if (b.key === "selinux") {
          const v = scalar(ctx, b.value, w);
          if (v === "z" || v === "Z") m.relabel = v;
        } else {
          finding(ctx, "unsupported", w, b.line, `bind option \`${b.key}\` is not supported by the model`);
        }
      }
    } else if (k.key === "tmpfs") {
      for (const t of entries(ctx, k.value) ?? []) {
        if (t.key === "size") m.tmpfsSizeBytes = bytes(ctx, t.value, w);
        else if (t.key === "mode") {
          m.tmpfsMode = parseMode(sourceText(ctx, t.value) ?? "");
          if (m.tmpfsMode === undefined) finding(ctx, "invalid", w, t.line, "tmpfs.mode must be an octal mode such as 1777");
        } else finding(ctx, "unsupported", w, t.line, `tmpfs option \`${t.key}\` is not supported by the model`);
      }
    } else if (k.key === "volume") {
      for (const v of entries(ctx, k.value) ?? []) if (v.key === "nocopy") m.options.push("nocopy");
    } else if (k.key !== "consistency") {
      finding(ctx, "unsupported", w, k.line, `volume option \`${k.key}\` is not supported by the model`);
    }
  }
  if (type !== "bind" && type !== "volume" && type !== "tmpfs") {
    finding(ctx, "unsupported", where, m.line, `volume type "${type ?? "(missing)"}" is not supported; use bind, volume or tmpfs`);
    return undefined;
  }
  m.kind = type;
  if (type === "bind" && m.source !== undefined) m.source = resolveHostPath(ctx.dir, m.source);
  if (type === "tmpfs") m.origin = "volumes-long";
  if (!m.target.startsWith("/")) finding(ctx, "invalid", where, m.line, `volume target "${m.target}" must be an absolute container path`);
  m.raw = `${type}:${m.source ?? ""}:${m.target}${m.readOnly ? ":ro" : ""}`;
  return m;
}

function serviceSecrets(ctx: LoadContext, model: ComposeModel, svc: ServiceModel, e: Entry, where: Where): void {
  for (const i of items(ctx, e.value) ?? []) {
    const s: ServiceSecret = { source: "", target: "", line: lineOf(ctx, i) };
    const body = entries(ctx, i);
    if (body) {
      for (const k of body) {
        if (k.key === "source") s.source = scalar(ctx, k.value, where) ?? "";
        else if (k.key === "target") s.target = scalar(ctx, k.value, where) ?? "";
        else finding(ctx, "unsupported", where, k.line, `secret option \`${k.key}\` is not supported (podman gives secrets mode 0444 owned by root)`);
      }
    } else s.source = scalar(ctx, i, where) ?? "";
    s.target = posix.resolve("/run/secrets", s.target || s.source);
    if (!model.secrets[s.source]) {
      finding(ctx, "invalid", where, s.line, `secret "${s.source}" is not declared under top-level \`secrets:\`; declare it with a file:`);
    }
    svc.secrets.push(s);
  }
}

function serviceNetworks(ctx: LoadContext, model: ComposeModel, svc: ServiceModel, e: Entry, where: Where): void {
  const list = items(ctx, e.value);
  const nets: ServiceNetwork[] = list
    ? list.map((i) => ({ name: scalar(ctx, i, where) ?? "", aliases: [], line: lineOf(ctx, i) }))
    : (entries(ctx, e.value) ?? []).map((n) => {
        const aliases = stringList(ctx, entries(ctx, n.value)?.find((k) => k.key === "aliases")?.value ?? null, where);
        for (const k of entries(ctx, n.value) ?? []) {
          if (k.key !== "aliases") {
            finding(ctx, "unsupported", where, k.line, `network option \`${k.key}\` is not supported`);
          }
        }
        return { name: n.key, aliases, line: n.line };
      });
  for (const n of nets) {
    if (n.name !== "default" && !model.networks[n.name]) {
      finding(ctx, "invalid", where, n.line, `network "${n.name}" is not declared under top-level \`networks:\`; declare it`);
    }
  }
  svc.networks = nets;
}

const PORT_SHORT = /^(?:(\[[^\]]+\]|\d{1,3}(?:\.\d{1,3}){3}):)?(?:(\d*(?:-\d+)?):)?(\d+(?:-\d+)?)(?:\/(tcp|udp|sctp))?$/;

function range(text: string): [number, number] {
  const [a, b] = text.split("-");
  return [Number(a), Number(b ?? a)];
}

function ports(ctx: LoadContext, node: Node | null, where: Where): PortMapping[] {
  const line = lineOf(ctx, node);
  const body = entries(ctx, node);
  if (body) {
    let target: string | undefined;
    let published: string | undefined;
    let hostIp: string | undefined;
    let protocol = "tcp";
    for (const k of body) {
      if (k.key === "target") target = scalar(ctx, k.value, where);
      else if (k.key === "published") published = scalar(ctx, k.value, where);
      else if (k.key === "host_ip") hostIp = scalar(ctx, k.value, where);
      else if (k.key === "protocol") protocol = scalar(ctx, k.value, where) ?? "tcp";
      else if (k.key !== "mode" && k.key !== "name" && k.key !== "app_protocol") finding(ctx, "unsupported", where, k.line, `port option \`${k.key}\` is not supported`);
    }
    if (target === undefined || !/^\d+$/.test(target)) {
      finding(ctx, "invalid", where, line, "long-syntax port needs a numeric `target:`");
      return [];
    }
    const raw = `${hostIp ? hostIp + ":" : ""}${published ?? ""}:${target}/${protocol}`;
    return expandPorts(ctx, where, line, raw, hostIp, published, target, protocol);
  }
  const raw = scalar(ctx, node, where) ?? "";
  const m = PORT_SHORT.exec(raw);
  if (!m) {
    finding(ctx, "invalid", where, line, `port "${raw}" is not [host_ip:][host_port:]container_port[/protocol]`);
    return [];
  }
  const ip = m[1]?.replace(/^\[|\]$/g, "");
  return expandPorts(ctx, where, line, raw, ip, m[2] || undefined, m[3] as string, m[4] ?? "tcp");
}

function expandPorts(
  ctx: LoadContext, where: Where, line: number, raw: string, hostIp: string | undefined,
  published: string | undefined, target: string, protocol: string,
): PortMapping[] {
  if (protocol !== "tcp" && protocol !== "udp" && protocol !== "sctp") {
    finding(ctx, "invalid", where, line, `port "${raw}": protocol must be tcp, udp or sctp`);
    return [];
  }
  const [c0, c1] = range(target);
  const host = published === undefined ? undefined : range(published);
  const count = c1 - c0 + 1;
  if (count < 1 || count > 1000 || (host && host[1] - host[0] + 1 !== count && host[0] !== host[1])) {
    finding(ctx, "invalid", where, line, `port "${raw}": host and container port ranges must have the same length`);
    return [];
  }
  const out: PortMapping[] = [];
  for (let i = 0; i < count; i++) {
    const hostPort = host === undefined ? undefined : host[0] === host[1] ? host[0] : host[0] + i;
    out.push({ hostIp, hostPort, containerPort: c0 + i, protocol, raw, line });
  }
  return out;
}

const CONDITIONS = new Set<DependencyCondition>(["service_started", "service_healthy", "service_completed_successfully"]);

function dependsOn(ctx: LoadContext, e: Entry, where: Where): Dependency[] {
  const list = items(ctx, e.value);
  if (list) return list.map((i) => ({ service: scalar(ctx, i, where) ?? "", condition: "service_started", line: lineOf(ctx, i) }));
  return (entries(ctx, e.value) ?? []).map((d) => {
    let condition: DependencyCondition = "service_started";
    for (const k of entries(ctx, d.value) ?? []) {
      if (k.key === "condition") {
        const c = scalar(ctx, k.value, where) ?? "";
        if (CONDITIONS.has(c as DependencyCondition)) condition = c as DependencyCondition;
        else finding(ctx, "invalid", where, k.line, `depends_on condition "${c}" is not one of ${[...CONDITIONS].join(", ")}`);
      } else {
        finding(ctx, "unsupported", where, k.line, `depends_on option \`${k.key}\` is not supported`);
      }
    }
    return { service: d.key, condition, line: d.line };
  });
}

function healthcheck(ctx: LoadContext, e: Entry, where: Where): Healthcheck {
  const hc: Healthcheck = {
    kind: "NONE", argv: [], shell: undefined, intervalMs: undefined, timeoutMs: undefined, retries: undefined,
    startPeriodMs: undefined, disabled: false, line: e.line,
  };
  for (const k of entries(ctx, e.value) ?? []) {
    const w = { service: where.service, key: `healthcheck.${k.key}` };
    if (k.key === "test") {
      const list = items(ctx, k.value);
      if (list) {
        const [head, ...rest] = list.map((i) => scalar(ctx, i, w) ?? "");
        if (head === "CMD") { hc.kind = "CMD"; hc.argv = rest; }
        else if (head === "CMD-SHELL") { hc.kind = "CMD-SHELL"; hc.shell = rest.join(" "); hc.argv = ["/bin/sh", "-c", hc.shell]; }
        else if (head === "NONE") hc.disabled = true;
        else finding(ctx, "invalid", w, k.line, `healthcheck test must start with CMD, CMD-SHELL or NONE, not "${head ?? ""}"`);
      } else {
        hc.kind = "CMD-SHELL";
        hc.shell = scalar(ctx, k.value, w) ?? "";
        hc.argv = ["/bin/sh", "-c", hc.shell];
      }
    } else if (k.key === "interval") hc.intervalMs = duration(ctx, k.value, w);
    else if (k.key === "timeout") hc.timeoutMs = duration(ctx, k.value, w);
    else if (k.key === "start_period") hc.startPeriodMs = duration(ctx, k.value, w);
    else if (k.key === "retries") hc.retries = Number(scalar(ctx, k.value, w));
    else if (k.key === "disable") hc.disabled = bool(ctx, k.value, w) ?? false;
    else finding(ctx, "unsupported", w, k.line, `healthcheck option \`${k.key}\` is not supported`);
  }
  if (hc.kind === "NONE") hc.disabled = true;
  return hc;
}

function capName(cap: string): string {
  return cap.toUpperCase().replace(/^CAP_/, "");
}

function deploy(ctx: LoadContext, svc: ServiceModel, e: Entry, where: Where): void {
  for (const k of entries(ctx, e.value) ?? []) {
    const w = { service: where.service, key: `deploy.${k.key}` };
    if (k.key !== "resources") {
      finding(ctx, "unsupported", w, k.line, `deploy.${k.key} is a Swarm setting the model does not support; remove it`);
      continue;
    }
    for (const r of entries(ctx, k.value) ?? []) {
      if (r.key !== "limits") {
        finding(ctx, "unsupported", { service: where.service, key: `deploy.resources.${r.key}` }, r.line, `deploy.resources.${r.key} is not supported`);
        continue;
      }
      for (const l of entries(ctx, r.value) ?? []) {
        const lw = { service: where.service, key: `deploy.resources.limits.${l.key}` };
        if (l.key === "memory") svc.limits.memoryBytes = bytes(ctx, l.value, lw);
        else if (l.key === "cpus") {
          const c = Number(scalar(ctx, l.value, lw));
          if (Number.isFinite(c) && c > 0) svc.limits.cpus = c;
          else finding(ctx, "invalid", lw, l.line, "cpus must be a positive number such as 0.5");
        } else finding(ctx, "unsupported", lw, l.line, `limit \`${l.key}\` is not supported (it would not be applied)`);
      }
    }
  }
}

function bytes(ctx: LoadContext, node: Node | null, where: Where): number | undefined {
  const v = scalar(ctx, node, where);
  if (v === undefined) return undefined;
  const b = parseBytes(v);
  if (b === undefined) finding(ctx, "invalid", where, lineOf(ctx, node), `"${v}" is not a size such as 512m or 1g`);
  return b;
}

function duration(ctx: LoadContext, node: Node | null, where: Where): number | undefined {
  const v = scalar(ctx, node, where);
  if (v === undefined) return undefined;
  const ms = parseDurationMs(v);
  if (ms === undefined) finding(ctx, "invalid", where, lineOf(ctx, node), `"${v}" is not a duration such as 10s or 1m30s`);
  return ms;
}

function ulimits(ctx: LoadContext, e: Entry, where: Where): Record<string, Ulimit> {
  const out: Record<string, Ulimit> = {};
  for (const u of entries(ctx, e.value) ?? []) {
    const body = entries(ctx, u.value);
    if (body) {
      const soft = Number(scalar(ctx, body.find((b) => b.key === "soft")?.value ?? null, where));
      const hard = Number(scalar(ctx, body.find((b) => b.key === "hard")?.value ?? null, where));
      out[u.key] = { soft, hard };
    } else {
      const n = Number(scalar(ctx, u.value, where));
      out[u.key] = { soft: n, hard: n };
    }
    const lim = out[u.key] as Ulimit;
    if (!Number.isFinite(lim.soft) || !Number.isFinite(lim.hard)) finding(ctx, "invalid", where, u.line, `ulimit ${u.key} needs numbers (soft/hard)`);
  }
  return out;
}

function validate(ctx: LoadContext, model: ComposeModel): void {
  for (const svc of Object.values(model.services)) {
    if (svc.image === undefined && svc.build === undefined) {
      violation(ctx, "no-image-or-build", { service: svc.name, key: "image" }, svc.line,
        `service ${svc.name} has neither image nor build; add \`image:\` or \`build:\``);
    }
    for (const d of svc.dependsOn) {
      if (!model.services[d.service]) {
        violation(ctx, "unknown-dependency", { service: svc.name, key: "depends_on" }, d.line,
          `service ${svc.name} depends on unknown service "${d.service}"; fix the name or add that service`);
      }
    }
  }
  const cycle = findCycle(model);
  if (cycle) {
    const first = model.services[cycle[0] as string];
    violation(ctx, "dependency-cycle", { service: cycle[0], key: "depends_on" }, first?.keyLines["depends_on"] ?? first?.line ?? 0,
      `depends_on cycle ${cycle.join(" -> ")}; remove one of these dependencies`);
  }
}


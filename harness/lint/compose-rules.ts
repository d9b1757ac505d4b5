import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, join, posix, relative, isAbsolute } from "node:path";
import { memoryLimitBytes, type Mount, type ServiceModel } from "../stack/compose/model.ts";
import { parseRedisBytes } from "../stack/compose/units.ts";
import { VOLUME_OPTIONS } from "../stack/compose/mounts.ts";
import type { LintContext, ModelRule, ServiceRule } from "./lint-context.ts";
import { DEFAULT_CAP_ALLOW_LIST } from "./lint-types.ts";
import {
  DATASTORE_PORTS, effectiveUser, expandWords, isDatastore, isNonRootUser, isRedis, probeTargets, processWords,
  servedPorts,
} from "./service-facts.ts";

const SECRET_NAME = /(^|_)(PASSWORD|PASSWD|PASS|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIALS?|AUTH)(_|$)/i;

function cleanPath(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/+$/, "") : n;
}

function nested(a: string, b: string): boolean {
  const x = cleanPath(a);
  const y = cleanPath(b);
  return x === y || x.startsWith(y === "/" ? "/" : y + "/") || y.startsWith(x === "/" ? "/" : x + "/");
}

function within(child: string, parent: string): boolean {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith("..") && !isAbsolute(r));
}

function describe(m: Mount): string {
  return m.kind === "tmpfs" ? `tmpfs ${m.target}` : `${m.kind} ${m.raw}`;
}

function human(bytes: number): string {
  const mib = bytes / 1024 ** 2;
  return mib >= 1024 ? `${(mib / 1024).toFixed(mib % 1024 === 0 ? 0 : 2)}g` : `${Math.round(mib)}m`;
}

export const loaderFindings: ModelRule = (lc) => {
  const seen = new Set<string>();
  for (const f of lc.model.findings) {
    const key = `${f.kind}:${f.line}:${f.variable ?? f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const where = { file: f.file, line: f.line, service: f.service };
    const [what, how] = f.message.split("; ", 2) as [string, string | undefined];
    if (f.kind === "unsupported") lc.emit({ rule: "compose-unsupported", ...where, message: what, fix: how });
    else if (f.kind === "unset-variable") lc.emit({ rule: "variable-unset", ...where, message: `${f.key}: ${what}`, fix: how });
    else if (f.kind === "required-variable") lc.emit({ rule: "variable-required-unset", ...where, message: `${f.key}: ${what}`, fix: how });
    else if (f.key === "volumes" || f.key === "tmpfs" || f.key.startsWith("volumes.")) lc.emit({ rule: "volume-spec-malformed", ...where, message: what, fix: how });
    else lc.emit({ rule: "compose-invalid", ...where, message: what, fix: how });
  }
};

export const mountOverlap: ServiceRule = (lc, svc) => {
  const tmpfs = svc.mounts.filter((m) => m.kind === "tmpfs");
  const others = svc.mounts.filter((m) => m.kind !== "tmpfs");
  for (const t of tmpfs) {
    for (const o of others) {
      if (!nested(t.target, o.target)) continue;
      const same = cleanPath(t.target) === cleanPath(o.target);
      lc.emit({
        rule: "mount-overlap", file: lc.model.file, line: t.line, service: svc.name,
        message: `${describe(t)} and ${describe(o)} ${same ? "mount the same path" : "are nested"}: one hides the other's data`,
      });
    }
  }
};

export const tmpfsRules: ServiceRule = (lc, svc) => {
  const user = effectiveUser(svc, lc.images.get(svc.name));
  const tmpfs = svc.mounts.filter((m) => m.kind === "tmpfs");
  for (const t of tmpfs) {
    if (isNonRootUser(user) && t.tmpfsMode !== undefined && (t.tmpfsMode & 0o002) === 0) {
      lc.emit({
        rule: "tmpfs-mode-not-writable", file: lc.model.file, line: t.line, service: svc.name,
        message: `tmpfs ${t.target} has mode=${t.tmpfsMode.toString(8).padStart(4, "0")} (owned by root) but the service runs as user ${user}`,
      });
    }
    if (t.tmpfsSizeBytes === undefined) {
      lc.emit({
        rule: "tmpfs-size-missing", file: lc.model.file, line: t.line, service: svc.name,
        message: `tmpfs ${t.target} has no size: it can grow to half the host's RAM`,
        fix: `add a size, e.g. ${t.target}:size=64m${t.tmpfsMode === undefined ? "" : `,mode=${t.tmpfsMode.toString(8)}`}`,
      });
    }
  }
  const limit = memoryLimitBytes(svc);
  const total = tmpfs.reduce((s, t) => s + (t.tmpfsSizeBytes ?? 0), 0);
  if (limit !== undefined && total > limit) {
    lc.emit({
      rule: "tmpfs-exceeds-memory-limit", file: lc.model.file, line: tmpfs[0]?.line ?? svc.line, service: svc.name,
      message: `tmpfs sizes add up to ${human(total)}, beyond the memory limit ${human(limit)}`,
    });
  }
};

export const userRules: ServiceRule = (lc, svc) => {
  const img = lc.images.get(svc.name);
  const user = effectiveUser(svc, img);
  const line = svc.keyLines["user"] ?? img?.stage?.userLine ?? svc.line;
  const file = svc.user !== undefined ? lc.model.file : img?.file ?? lc.model.file;
  for (const part of (user ?? "").split(":")) {
    if (/^\d+$/.test(part) && Number(part) >= 100000) {
      lc.emit({
        rule: "user-subordinate-uid", file, line, service: svc.name,
        message: `user ${user}: ${part} is a host subordinate ID, not a UID inside the container`,
      });
      break;
    }
  }
  if (!isNonRootUser(user)) return;
  const mapped = svc.usernsMode !== undefined && /^(keep-id|auto|nomap)/.test(svc.usernsMode);
  if (mapped) return;
  for (const m of svc.mounts) {
    if (m.kind === "tmpfs" || m.readOnly || m.chown || m.source === undefined) continue;
    if (m.kind === "bind" && existsSync(m.source) && statSync(m.source).isFile()) continue;
    // Named volumes are copied up with the image directory's owner; only an explicit compose user breaks that.
    if (m.kind === "volume" && svc.user === undefined) continue;
    const datastore = isDatastore(svc, img);
    lc.emit({
      rule: "volume-uid-mismatch", severity: datastore ? "error" : "warning", file: lc.model.file, line: m.line, service: svc.name,
      message: `${describe(m)} is written by user ${user} but nothing aligns its owner (no :U, no userns_mode: keep-id)${datastore ? ": persistence will fail (Redis MISCONF)" : ""}`,
      fix: m.origin === "volumes-short" ? `append :U, e.g. ${m.raw}${m.options.length ? ",U" : ":U"}` : undefined,
    });
  }
};

const OPTION_AFTER_COMMA = new RegExp(`,(${[...VOLUME_OPTIONS].join("|")})(?=,|$)`);

export const volumeSpecRules: ServiceRule = (lc, svc) => {
  for (const m of svc.mounts) {
    if (m.origin !== "volumes-short") continue;
    const parts = m.raw.split(":");
    const pathParts = parts.length >= 3 ? parts.slice(0, 2) : parts;
    const bad = pathParts.find((p) => OPTION_AFTER_COMMA.test(p));
    if (bad === undefined) continue;
    const fixed = m.raw.replace(bad, bad.replace(OPTION_AFTER_COMMA, (_s, o: string) => `:${o}`));
    lc.emit({
      rule: "volume-spec-malformed", file: lc.model.file, line: m.line, service: svc.name,
      message: `volume "${m.raw}": a comma where a colon belongs, so "${bad}" is taken as a path`,
      fix: parts.length === 1 ? `write source:target:options, e.g. ./models:${fixed}` : `write "${fixed}"`,
    });
  }
};

export const relabelShared: ModelRule = (lc) => {
  const binds = Object.values(lc.model.services).flatMap((s) => s.mounts.filter((m) => m.kind === "bind" && m.source).map((m) => ({ s, m })));
  for (const { s, m } of binds) {
    if (m.relabel !== "Z") continue;
    const sharers = [...new Set(binds.filter((b) => b.s !== s && nested(b.m.source as string, m.source as string)).map((b) => b.s.name))];
    if (sharers.length === 0) continue;
    lc.emit({
      rule: "relabel-private-shared", file: lc.model.file, line: m.line, service: s.name,
      message: `:Z relabels ${relative(lc.model.dir, m.source as string) || "."} privately for ${s.name}, but ${sharers.join(", ")} also mount${sharers.length > 1 ? "" : "s"} it and will be denied access`,
      fix: `use :z instead: ${m.raw.replace(/(?<=[:,])Z(?=,|$)/, "z")}`,
    });
  }
};

const SECRET_FLAG = /^--?(requirepass|masterauth|password|passwd|pass|token|api-?key|secret|auth)(=.*)?$/i;

export const secretRules: ServiceRule = (lc, svc) => {
  const file = lc.model.file;
  const probes: Array<{ key: string; words: string[]; line: number }> = [
    { key: "command", words: svc.command ?? [], line: svc.keyLines["command"] ?? svc.line },
    { key: "entrypoint", words: svc.entrypoint ?? [], line: svc.keyLines["entrypoint"] ?? svc.line },
    { key: "healthcheck", words: svc.healthcheck?.argv ?? [], line: svc.healthcheck?.line ?? svc.line },
  ];
  for (const p of probes) {
    const w = expandWords(p.words);
    const redisCli = w.some((x) => /(^|\/)redis-cli$/.test(x));
    const flag = w.find((x) => SECRET_FLAG.test(x) || (redisCli && x === "-a"));
    const varRef = lc.model.variables.find((v) => v.service === svc.name && (v.key === p.key || v.key.startsWith(`${p.key}.`)) && SECRET_NAME.test(v.name));
    if (!flag && !varRef) continue;
    lc.emit({
      rule: "secret-on-command-line", file, line: varRef?.line ?? p.line, service: svc.name,
      message: `${p.key} carries a secret${flag ? ` (${flag.split("=")[0]})` : ""}${varRef ? ` from \${${varRef.name}}` : ""}: anyone who can run ps sees it`,
      fix: redisCli || /requirepass|masterauth/.test(flag ?? "")
        ? "put requirepass in a redis.conf / ACL file mounted from secrets:, and give redis-cli the password via REDISCLI_AUTH"
        : undefined,
    });
  }
  for (const e of svc.environment) {
    if (!SECRET_NAME.test(e.name) || /_FILE$/.test(e.name)) continue;
    if (e.value === undefined || /^(|true|false|yes|no|on|off|\d)$/i.test(e.value) || e.value.startsWith("/run/secrets/")) continue;
    lc.emit({
      rule: "secret-in-environment", file: e.file, line: e.line, service: svc.name,
      message: `${e.name} is a plain environment value${e.source === "env_file" ? " (from env_file)" : ""}: podman inspect shows it`,
      fix: `declare a secret and set ${e.name}_FILE=/run/secrets/<name> (or read the file in the program)`,
    });
  }
};

export const portRules: ServiceRule = (lc, svc) => {
  if (svc.ports.length === 0) return;
  const first = svc.ports[0];
  const line = first?.line ?? svc.keyLines["ports"] ?? svc.line;
  const nets = svc.networks;
  if (nets.length > 0 && nets.every((n) => lc.model.networks[n.name]?.internal === true)) {
    lc.emit({
      rule: "port-on-internal-network", file: lc.model.file, line, service: svc.name,
      message: `publishes ${svc.ports.map((p) => p.raw).filter((r, i, a) => a.indexOf(r) === i).join(", ")} but sits only on internal network(s) ${nets.map((n) => n.name).join(", ")}`,
    });
  }
  const img = lc.images.get(svc.name);
  const datastore = isDatastore(svc, img);
  const seen = new Set<string>();
  for (const p of svc.ports) {
    if (!datastore && !DATASTORE_PORTS.has(p.containerPort)) continue;
    if (seen.has(p.raw)) continue;
    seen.add(p.raw);
    lc.emit({
      rule: "datastore-port-published", file: lc.model.file, line: p.line, service: svc.name,
      message: `${isRedis(svc, img) ? "Redis" : "database"} port ${p.containerPort} is published to the host (${p.raw})`,
    });
  }
};

interface MaxMemory {
  bytes: number;
  raw: string;
  file: string;
  line: number;
}

function confMaxMemory(path: string): MaxMemory | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  let found: MaxMemory | undefined;
  text.split(/\r?\n/).forEach((l, i) => {
    const m = /^\s*maxmemory\s+(\S+)/i.exec(l);
    const bytes = m ? parseRedisBytes(m[1] as string) : undefined;
    if (m && bytes !== undefined) found = { bytes, raw: m[1] as string, file: path, line: i + 1 };
  });
  return found;
}

/** Host files that become the service's redis.conf: bind-mounted or copied from the build context. */
function redisConfFiles(lc: LintContext, svc: ServiceModel, words: string[]): string[] {
  const img = lc.images.get(svc.name);
  const out: string[] = [];
  const add = (p: string | undefined) => {
    if (p && !out.includes(p) && existsSync(p) && statSync(p).isFile()) out.push(p);
  };
  for (const w of words.filter((x) => x.endsWith(".conf"))) {
    for (const m of svc.mounts) {
      if (m.kind !== "bind" || !m.source) continue;
      if (m.target === w) add(m.source);
      else if (w.startsWith(`${cleanPath(m.target)}/`)) add(join(m.source, w.slice(cleanPath(m.target).length + 1)));
    }
    for (const c of img?.stage?.copies ?? []) {
      if (c.from) continue;
      for (const src of c.sources) {
        const dest = c.destIsDir ? posix.join(c.dest, basename(src)) : c.dest;
        if (dest === w) add(join(img?.context ?? "", src));
      }
    }
  }
  for (const m of svc.mounts) if (m.kind === "bind" && m.source?.endsWith(".conf")) add(m.source);
  for (const c of img?.stage?.copies ?? []) {
    if (!c.from) for (const src of c.sources) if (/redis[^/]*\.conf$/.test(src)) add(join(img?.context ?? "", src));
  }
  return out;
}

export const redisMaxMemory: ServiceRule = (lc, svc) => {
  const img = lc.images.get(svc.name);
  if (!isRedis(svc, img)) return;
  const limit = memoryLimitBytes(svc);
  if (limit === undefined) return;
  const words = processWords(svc, img);
  let mm: MaxMemory | undefined;
  const i = words.findIndex((w) => w === "--maxmemory");
  const arg = i >= 0 ? words[i + 1] : undefined;
  const bytes = arg === undefined ? undefined : parseRedisBytes(arg);
  if (arg !== undefined && bytes !== undefined) {
    mm = { bytes, raw: arg, file: lc.model.file, line: svc.keyLines["command"] ?? svc.line };
  } else {
    for (const f of redisConfFiles(lc, svc, words)) mm = confMaxMemory(f) ?? mm;
  }
  if (!mm || mm.bytes < limit) return;
  lc.emit({
    rule: "redis-maxmemory-headroom", file: mm.file, line: mm.line, service: svc.name,
    message: `Redis maxmemory ${mm.raw} (${human(mm.bytes)}) is not below the container memory limit ${human(limit)}: the kernel kills Redis before it evicts`,
    fix: `set maxmemory to at most ${human(Math.floor(limit * 0.75))} (75% of the limit)`,
  });
};

export const healthcheckMissing: ModelRule = (lc) => {
  for (const svc of Object.values(lc.model.services)) {
    for (const d of svc.dependsOn) {
      if (d.condition !== "service_healthy") continue;
      const target = lc.model.services[d.service];
      if (!target) continue;
      const imageCheck = lc.images.get(target.name)?.stage?.healthcheck;
      const has = target.healthcheck ? !target.healthcheck.disabled : imageCheck !== undefined;
      if (has) continue;
      lc.emit({
        rule: "healthcheck-missing", file: lc.model.file, line: d.line, service: svc.name,
        message: `${svc.name} waits for ${d.service} to be service_healthy, but ${d.service} has no healthcheck`,
        fix: `add a healthcheck to ${d.service} or use condition: service_started`,
      });
    }
  }
};

export const healthcheckTarget: ServiceRule = (lc, svc) => {
  const hc = svc.healthcheck;
  if (!hc || hc.disabled) return;
  const img = lc.images.get(svc.name);
  const probe = probeTargets(hc.argv);
  const imageProbe = img?.stage?.healthcheck ? probeTargets(img.stage.healthcheck.words) : undefined;
  const served = servedPorts(svc, img);
  for (const p of imageProbe?.ports ?? []) served.add(p);
  if (served.size > 0) {
    for (const port of probe.ports) {
      if (served.has(port)) continue;
      lc.emit({
        rule: "healthcheck-target-mismatch", file: lc.model.file, line: hc.line, service: svc.name,
        message: `healthcheck probes port ${port}, but the service serves ${[...served].sort((a, b) => a - b).join(", ")}`,
        fix: `probe port ${[...served][0]}`,
      });
    }
  }
  const imagePaths = new Set((imageProbe?.urls ?? []).map((u) => u.path));
  if (imagePaths.size === 0) return;
  for (const u of probe.urls) {
    if (imagePaths.has(u.path)) continue;
    lc.emit({
      rule: "healthcheck-target-mismatch", file: lc.model.file, line: hc.line, service: svc.name,
      message: `healthcheck probes ${u.path}, but the image's own HEALTHCHECK (${img?.file}:${img?.stage?.healthcheck?.line}) probes ${[...imagePaths].join(", ")}`,
      fix: `probe ${[...imagePaths][0]}`,
    });
  }
};

export const privilegeRules: ServiceRule = (lc, svc) => {
  const file = lc.model.file;
  if (svc.privileged) {
    lc.emit({ rule: "privileged", file, line: svc.keyLines["privileged"] ?? svc.line, service: svc.name, message: "runs privileged: every capability and every device of the host user" });
  }
  const allow = new Set((lc.options.capAllowList ?? DEFAULT_CAP_ALLOW_LIST).map((c) => c.toUpperCase().replace(/^CAP_/, "")));
  const extra = svc.capAdd.filter((c) => !allow.has(c));
  if (extra.length > 0) {
    lc.emit({
      rule: "cap-add-not-allowed", file, line: svc.keyLines["cap_add"] ?? svc.line, service: svc.name,
      message: `cap_add ${extra.join(", ")} is beyond the allow list (${[...allow].join(", ")})`,
    });
  }
  if (svc.capDrop.length === 0) {
    lc.emit({ rule: "cap-drop-missing", file, line: svc.line, service: svc.name, message: "no cap_drop: the container keeps the default capability set" });
  }
  if (!svc.securityOpt.some((o) => /^no-new-privileges(?:[:=]true)?$/.test(o))) {
    lc.emit({
      rule: "no-new-privileges-missing", file, line: svc.keyLines["security_opt"] ?? svc.line, service: svc.name,
      message: "no security_opt no-new-privileges: setuid binaries can still gain privileges",
    });
  }
};

export const statelessRules: ModelRule = (lc) => {
  for (const name of lc.options.stateless ?? []) {
    const svc = lc.model.services[name];
    if (!svc) {
      lc.emit({ rule: "profile-unknown-service", file: lc.model.file, line: 1, service: name, message: `the profile marks "${name}" stateless, but the compose file has no such service` });
      continue;
    }
    if (svc.readOnly) continue;
    lc.emit({
      rule: "stateless-writable-rootfs", file: lc.model.file, line: svc.keyLines["read_only"] ?? svc.line, service: name,
      message: `${name} is stateless in the profile but its root filesystem is writable`,
    });
  }
};

export const bindRules: ServiceRule = (lc, svc) => {
  for (const m of svc.mounts) {
    if (m.kind !== "bind" || !m.source) continue;
    const inProject = within(m.source, lc.projectRoot);
    if (!inProject && (within(m.source, "/tmp") || within(m.source, "/var/tmp"))) {
      lc.emit({
        rule: "bind-host-tmp", file: lc.model.file, line: m.line, service: svc.name,
        message: `bind-mounts host ${m.source}: shared with every host user and cleaned behind the stack's back`,
        fix: `use tmpfs: - ${m.target}:size=64m,mode=1777 (or a named volume if it must persist)`,
      });
    } else if (!inProject) {
      lc.emit({
        rule: "bind-outside-project", file: lc.model.file, line: m.line, service: svc.name,
        message: `bind-mounts ${m.source}, outside the project ${lc.projectRoot}`,
      });
    }
  }
};

export const SERVICE_RULES: readonly ServiceRule[] = [
  mountOverlap, tmpfsRules, userRules, volumeSpecRules, secretRules, portRules, redisMaxMemory, healthcheckTarget,
  privilegeRules, bindRules,
];

export const MODEL_RULES: readonly ModelRule[] = [loaderFindings, relabelShared, healthcheckMissing, statelessRules];

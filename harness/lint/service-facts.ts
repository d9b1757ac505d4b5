import type { ServiceModel } from "../stack/compose/model.ts";
import { shellSplit } from "../stack/compose/units.ts";
import type { ContainerfileModel, Stage } from "./containerfile.ts";

/** The image a service runs when the compose file builds it. */
export interface ServiceImage {
  file: string;
  context: string;
  cf: ContainerfileModel;
  stage: Stage | undefined;
}

export function effectiveUser(svc: ServiceModel, img: ServiceImage | undefined): string | undefined {
  return svc.user ?? img?.stage?.user;
}

export function isNonRootUser(user: string | undefined): boolean {
  if (user === undefined) return false;
  const u = user.split(":")[0]?.trim() ?? "";
  return u !== "" && u !== "root" && u !== "0";
}

export function uidOf(user: string | undefined): number | undefined {
  const u = user?.split(":")[0]?.trim() ?? "";
  return /^\d+$/.test(u) ? Number(u) : undefined;
}

/** Words of the process the service runs, with `sh -c "..."` strings split too. */
export function processWords(svc: ServiceModel, img: ServiceImage | undefined): string[] {
  const entry = svc.entrypoint ?? img?.stage?.entrypoint ?? [];
  // Compose drops the image CMD when it overrides the entrypoint.
  const cmd = svc.command ?? (svc.entrypoint ? [] : img?.stage?.cmd ?? []);
  return expandWords([...entry, ...cmd]);
}

export function expandWords(words: readonly string[]): string[] {
  return words.flatMap((w) => (/\s/.test(w) ? [w, ...shellSplit(w)] : [w]));
}

const REDIS_IMAGE = /(^|\/)(redis|valkey|keydb)([:@-]|$)/i;
const DB_IMAGE = /(^|\/)(postgres|postgresql|mysql|mariadb|mongo|mongodb|qdrant|cassandra|couchdb|influxdb|clickhouse|neo4j|memcached)([:@-]|$)/i;

export function isRedis(svc: ServiceModel, img: ServiceImage | undefined): boolean {
  if (svc.image && REDIS_IMAGE.test(svc.image)) return true;
  if (/^(redis|valkey|keydb)([-_]|$)/i.test(svc.name)) return true;
  if (img?.stage?.copies.some((c) => c.sources.some((s) => /(^|\/)(redis|valkey)[^/]*\.conf$/.test(s)))) return true;
  if (img && REDIS_IMAGE.test(img.stage?.from ?? "")) return true;
  return processWords(svc, img).some((w) => /(^|\/)(redis-server|valkey-server|keydb-server)$/.test(w));
}

export function isDatastore(svc: ServiceModel, img: ServiceImage | undefined): boolean {
  if (isRedis(svc, img)) return true;
  if (svc.image && DB_IMAGE.test(svc.image)) return true;
  if (img && DB_IMAGE.test(img.stage?.from ?? "")) return true;
  return processWords(svc, img).some((w) => /(^|\/)(postgres|mysqld|mariadbd|mongod|qdrant)$/.test(w));
}

export const DATASTORE_PORTS = new Set([6379, 5432, 3306, 27017, 6333, 6334, 11211, 9042]);

function portIn(text: string | undefined): number | undefined {
  const m = /(?:^|:)(\d{2,5})$/.exec(text ?? "");
  return m ? Number(m[1]) : undefined;
}

/** Ports the service can be seen to listen on: published, exposed, flags on its command line, PORT variables. */
export function servedPorts(svc: ServiceModel, img: ServiceImage | undefined): Set<number> {
  const out = new Set<number>();
  for (const p of svc.ports) out.add(p.containerPort);
  for (const p of svc.expose) out.add(p);
  for (const p of img?.stage?.expose ?? []) out.add(p);
  const w = processWords(svc, img);
  let redisPort = false;
  w.forEach((word, i) => {
    const m = /^--?(port|listen|bind|http-port|server\.port|address|addr)(?:=(.*))?$/i.exec(word);
    if (!m) return;
    const value = m[2] ?? w[i + 1];
    const p = portIn(value);
    if (p !== undefined) {
      out.add(p);
      if (m[1]?.toLowerCase() === "port") redisPort = true;
    }
  });
  for (const e of svc.environment) {
    if (/(^|_)PORT$/.test(e.name) && /^\d{2,5}$/.test(e.value ?? "")) out.add(Number(e.value));
  }
  if (isRedis(svc, img) && !redisPort) out.add(6379);
  return out;
}

export interface ProbeTargets {
  ports: number[];
  urls: Array<{ port: number | undefined; path: string }>;
}

/** Ports and URL paths a probe command touches. */
export function probeTargets(words: readonly string[]): ProbeTargets {
  const w = expandWords(words);
  const ports = new Set<number>();
  const urls: ProbeTargets["urls"] = [];
  const joined = w.join(" ");
  for (const m of joined.matchAll(/https?:\/\/(?:\[[^\]]+\]|[^\s/:'"]+)(?::(\d+))?(\/[^\s'")]*)?/g)) {
    const port = m[1] ? Number(m[1]) : undefined;
    if (port !== undefined) ports.add(port);
    urls.push({ port, path: m[2] ?? "/" });
  }
  for (const m of joined.matchAll(/\/dev\/tcp\/[^/\s]+\/(\d+)/g)) ports.add(Number(m[1]));
  const redisCli = w.some((x) => /(^|\/)(redis-cli|valkey-cli)$/.test(x));
  let sawPort = false;
  w.forEach((word, i) => {
    const m = /^(-p|--port)(?:=(\d+))?$/.exec(word);
    if (m && (redisCli || m[1] === "--port")) {
      const v = Number(m[2] ?? w[i + 1]);
      if (Number.isInteger(v)) {
        ports.add(v);
        sawPort = true;
      }
    }
    if ((word === "nc" || word.endsWith("/nc")) && w[i + 1] !== undefined) {
      const rest = w.slice(i + 1, i + 5);
      const num = rest.find((x) => /^\d{2,5}$/.test(x));
      if (num) ports.add(Number(num));
    }
  });
  if (redisCli && !sawPort && !w.some((x) => x === "-u" || x.startsWith("redis://"))) ports.add(6379);
  return { ports: [...ports], urls };
}

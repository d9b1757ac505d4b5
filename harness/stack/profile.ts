// A stack profile says which service plays which role, how to reach and authenticate to it, where its
// breakers keep state, and which SLOs it overrides. Suites use roles, never a stack's service names.
import { existsSync, readFileSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export type Role = "redis" | "api" | "inference" | "gateway" | "crawler";

export interface HttpEndpoint {
  service: string;
  port: number;
  healthPath: string;
}

export type BreakerLayout =
  /** One JSON document per breaker under `<keyPrefix><name>`. */
  | { kind: "json-per-breaker"; keyPrefix: string }
  /** pybreaker's CircuitRedisStorage: `[<namespace>:]pybreaker:state`, `:fail_counter`, `:success_counter`, `:opened_at`. */
  | { kind: "pybreaker"; namespace?: string };

export interface BreakerSpec {
  /** The breaker's name in the api (health output, metrics, Redis key). */
  name: string;
  /** Which dependency it guards. */
  guards: Role;
  failureThreshold: number;
  resetTimeoutMs: number;
  callTimeoutMs: number;
}

export interface StackProfile {
  name: string;
  /** Compose file, relative to the profile file. */
  compose: string;
  roles: Partial<Record<Role, string>> & { redis: string; api: string; inference: string };
  endpoints: {
    redis: { service: string; port: number };
    inference: HttpEndpoint & { completionPath: string; streamField?: string };
    api: HttpEndpoint & { queryPath: string; streamPath: string };
    gateway?: HttpEndpoint & { apiPrefix: string };
    crawler?: HttpEndpoint;
  };
  /** Secret names (compose top-level secrets) the suite reads for credentials. */
  credentials: { apiKeySecret: string; redisAdminSecret: string; redisAppUser?: string; redisAppSecret?: string };
  /** File secrets the suite creates (random) when missing, for stacks whose secrets are generated. */
  generatedSecrets: string[];
  breakers: { layout: BreakerLayout; list: BreakerSpec[] };
  /** Redis persistence: the variable that selects the mode and the modes the stack supports. */
  persistence?: { variable: string; modes: string[]; dataPath: string };
  /** Services expected to run with a read-only root filesystem. */
  stateless: string[];
  /** Capabilities a service may keep. */
  capAllowList: string[];
  /** Which roles must keep answering (possibly degraded) when a dependency is gone. */
  degradesWithout?: Partial<Record<Role, Role[]>>;
  /** Hosts the crawler (untrusted content) may reach: service names on the stack's networks. */
  crawlerMayReach?: string[];
  /** SLO overrides (merged over the defaults). */
  slo?: Record<string, unknown>;
  /** Absolute directory of the profile file (filled in by loadProfile). */
  dir?: string;
}

export function defineProfile(p: StackProfile): StackProfile {
  return p;
}

export class ProfileError extends Error {
  override name = "ProfileError";
}

export async function loadProfile(file: string): Promise<StackProfile> {
  if (!existsSync(file)) throw new ProfileError(`profile ${file} does not exist: pass --profile <file> or set XNAI_PROFILE`);
  const profile =
    extname(file) === ".json"
      ? (JSON.parse(readFileSync(file, "utf8")) as StackProfile)
      : ((await import(pathToFileURL(file).href)) as { default: StackProfile }).default;
  if (!profile?.roles?.redis || !profile.roles.api || !profile.roles.inference) {
    throw new ProfileError(`profile ${file} must name roles.redis, roles.api and roles.inference`);
  }
  return { ...profile, dir: dirname(resolve(file)) };
}

export function composeFileOf(profile: StackProfile): string {
  return resolve(profile.dir ?? ".", profile.compose);
}

export function serviceForRole(profile: StackProfile, role: Role): string {
  const svc = profile.roles[role];
  if (!svc) throw new ProfileError(`profile ${profile.name} has no service for role '${role}'`);
  return svc;
}

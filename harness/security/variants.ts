// Broken variants of a stack, one per check family: each compose override makes exactly one check
// fail for one service. Data, so the negative-controls catalogue can reuse them (launch({override})).
import type { ComposeOverride } from "../stack/compose/override.ts";
import type { StackProfile } from "../stack/profile.ts";
import type { SecurityFamilyId } from "./index.ts";

export interface SecurityVariant {
  id: string;
  description: string;
  override: ComposeOverride;
  /** The check that must fail on this variant... */
  expectedFailingCheck: string;
  /** ...for this service (every other check of the family passes for it). */
  service: string;
  family: SecurityFamilyId;
  /** Variants of one group touch different services and families, so they share one launch. */
  launchGroup: SecurityLaunchGroup;
}

export const securityLaunchGroups = ["privilege", "redis-exposure", "logs"] as const;
export type SecurityLaunchGroup = (typeof securityLaunchGroups)[number];

const svc = (service: string, settings: Record<string, unknown>): ComposeOverride => ({ services: { [service]: settings } });

/** Redis with an unauthenticated default user; the app user keeps its ACL so only NOAUTH fails.
 * Specific to the reference stack's Redis image (its config, ACL directory and secret paths). */
const redisWithoutPassword = [
  "/usr/bin/catatonit", "--", "/bin/sh", "-c",
  "printf 'user default on nopass ~* &* +@all\\nuser app on >%s ~* &* +@all -flushall -flushdb -config -debug -shutdown -acl -monitor -module\\n' " +
    "\"$$(cat /run/secrets/redis_app_password)\" > /var/lib/redis-acl/users.acl " +
    "&& exec redis-server /etc/xnai/redis.conf --aclfile /var/lib/redis-acl/users.acl --protected-mode no --save '' --appendonly no",
];

/** The app password handed to the crawler on its command line (visible in /proc/<pid>/cmdline). */
const crawlerWithPasswordArgument = [
  "/usr/bin/catatonit", "--", "/bin/sh", "-c",
  "exec node dist/main.js --redis-password \"$$(cat /run/secrets/redis_app_password)\"",
];

export function securityVariantsFor(profile: Pick<StackProfile, "roles">): SecurityVariant[] {
  const { api, redis, inference, gateway } = profile.roles;
  const crawler = profile.roles.crawler ?? api;
  return [
    {
      id: "privileged-service",
      description: `${api} runs privileged (privileged: true)`,
      override: svc(api, { privileged: true }),
      expectedFailingCheck: "not-privileged",
      service: api,
      family: "privilege",
      launchGroup: "privilege",
    },
    {
      id: "cap-net-raw",
      description: `${crawler} keeps NET_RAW (cap_add: [NET_RAW])`,
      override: svc(crawler, { cap_add: ["NET_RAW"] }),
      expectedFailingCheck: "capabilities",
      service: crawler,
      family: "privilege",
      launchGroup: "privilege",
    },
    {
      id: "root-user",
      description: `${inference} runs as root (user: "0:0")`,
      override: svc(inference, { user: "0:0" }),
      expectedFailingCheck: "non-root-user",
      service: inference,
      family: "privilege",
      launchGroup: "privilege",
    },
    {
      id: "secret-on-command-line",
      description: `${crawler} gets the Redis app password as a command-line argument`,
      override: svc(crawler, { entrypoint: crawlerWithPasswordArgument }),
      expectedFailingCheck: "secrets-not-exposed",
      service: crawler,
      family: "redis",
      launchGroup: "redis-exposure",
    },
    {
      id: "redis-without-password",
      description: `${redis} accepts unauthenticated commands (default user nopass, protected-mode no)`,
      override: svc(redis, { entrypoint: redisWithoutPassword }),
      expectedFailingCheck: "redis-noauth",
      service: redis,
      family: "redis",
      launchGroup: "redis-exposure",
    },
    {
      id: "redis-port-published",
      description: `${redis} publishes its port to the host (ports: ["6379"])`,
      override: svc(redis, { ports: ["6379"] }),
      expectedFailingCheck: "published-ports",
      service: redis,
      family: "isolation",
      launchGroup: "redis-exposure",
    },
    ...(gateway
      ? [
          {
            id: "gateway-logs-api-key",
            description: `${gateway} logs request headers unfiltered (its error log then holds the API key)`,
            // the reference gateway's header filter is a Caddy log filter from this variable; `regexp ^$ x` keeps values
            override: svc(gateway, { environment: { GATEWAY_SECRET_HEADER_FILTER: "regexp ^$ x" } }),
            expectedFailingCheck: "secrets-in-logs",
            service: gateway,
            family: "logs" as const,
            launchGroup: "logs" as const,
          },
        ]
      : []),
  ];
}

/** One override for several variants (their top-level sections merged entry by entry). */
export function combinedOverride(variants: readonly SecurityVariant[]): ComposeOverride {
  const out: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const v of variants) {
    for (const [section, entries] of Object.entries(v.override as Record<string, Record<string, Record<string, unknown>>>)) {
      const target = (out[section] ??= {});
      for (const [name, settings] of Object.entries(entries)) target[name] = { ...(target[name] ?? {}), ...settings };
    }
  }
  return out;
}

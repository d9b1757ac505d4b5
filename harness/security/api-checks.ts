// api: protected routes refuse a missing or wrong key (through the gateway), oversized and malformed
// input gets a 4xx and leaves the api healthy, and every refusal lands in the audit stream.
import { randomBytes } from "node:crypto";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";
import { waitUntil } from "../util/wait-until.ts";
import { result, type CheckResult, type SecurityCheck } from "./check-result.ts";
import { oneLine } from "./container-probe.ts";
import { judgeAuditTrail, judgeAuthRefused, judgeBadInput } from "./api-judges.ts";
import { redisClient } from "./redis-checks.ts";
import { readSecret } from "./secrets.ts";

export const auditStream = "audit:auth";
/** The reference api's default when MAX_BODY_BYTES is unset (stack/api/src/config.ts). */
const defaultMaxBodyBytes = 16_384;

function routeUrl(stack: StartedStack, profile: StackProfile, path: string): string {
  const gw = profile.endpoints.gateway;
  if (gw && stack.services.has(gw.service)) return stack.url(gw.service, gw.port, `${gw.apiPrefix}${path}`);
  return stack.url(profile.endpoints.api.service, profile.endpoints.api.port, path);
}

async function post(url: string, body: string | Buffer, headers: Record<string, string>): Promise<number | string> {
  try {
    const res = await fetch(url, { method: "POST", headers, body, signal: AbortSignal.timeout(15_000) });
    await res.body?.cancel().catch(() => undefined);
    return res.status;
  } catch (err) {
    return `no answer (${oneLine(err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err))})`;
  }
}

async function maxBodyBytes(stack: StartedStack, service: string): Promise<number> {
  const env = (await stack.inspect(service)).Config.Env ?? [];
  const v = env.find((e) => e.startsWith("MAX_BODY_BYTES="))?.split("=")[1];
  return v ? Number(v) : defaultMaxBodyBytes;
}

async function streamEntriesAfter(stack: StartedStack, profile: StackProfile, lastId: string | undefined): Promise<{ lastId: string; count: number }> {
  const admin = redisClient(stack, profile, { password: readSecret(stack, profile.credentials.redisAdminSecret) });
  try {
    await admin.connect();
    if (lastId === undefined) {
      const last = (await admin.xrevrange(auditStream, "+", "-", "COUNT", 1))[0];
      return { lastId: last?.[0] ?? "0-0", count: 0 };
    }
    const entries = await admin.xrange(auditStream, `(${lastId}`, "+");
    return { lastId, count: entries.length };
  } finally {
    admin.disconnect();
  }
}

export const apiChecks: SecurityCheck = async (stack, profile) => {
  const api = profile.endpoints.api;
  const key = readSecret(stack, profile.credentials.apiKeySecret);
  const json = { "content-type": "application/json" };
  const body = JSON.stringify({ query: "security probe", max_tokens: 1 });
  const routes = [api.queryPath, api.streamPath];
  const out: CheckResult[] = [];

  const before = await streamEntriesAfter(stack, profile, undefined);
  let refused = 0;
  for (const route of routes) {
    const url = routeUrl(stack, profile, route);
    const cases: [string, Record<string, string>][] = [
      ["no API key", json],
      ["a wrong x-api-key", { ...json, "x-api-key": randomBytes(24).toString("hex") }],
      ["a wrong bearer token", { ...json, authorization: `Bearer ${randomBytes(24).toString("hex")}` }],
    ];
    for (const [variant, headers] of cases) {
      out.push(judgeAuthRefused(api.service, route, variant, await post(url, body, headers)));
      refused++;
    }
  }

  const limit = await maxBodyBytes(stack, api.service);
  const authed = { ...json, "x-api-key": key };
  const oversized = JSON.stringify({ query: "x".repeat(limit + 1) });
  for (const route of routes) {
    const url = routeUrl(stack, profile, route);
    const inputs: [string, string, Record<string, string>][] = [
      [`a ${oversized.length}-byte body (limit ${limit})`, oversized, authed],
      ["malformed JSON", '{"query": "unterminated', authed],
      ["a JSON array", "[1,2,3]", authed],
      ["query of the wrong type", JSON.stringify({ query: 42 }), authed],
      ["a non-JSON content type", "query=x", { ...authed, "content-type": "application/x-www-form-urlencoded" }],
    ];
    for (const [variant, payload, headers] of inputs) out.push(judgeBadInput(api.service, route, variant, await post(url, payload, headers)));
  }

  const healthy = await stack.healthy(api.service);
  out.push(result("api-healthy-after", api.service, healthy, healthy ? "healthcheck passes after the bad requests" : "healthcheck fails after the bad requests", "healthy"));

  // The audit write is fire-and-forget, so wait for it with a deadline.
  let recorded = 0;
  await waitUntil(
    async () => {
      recorded = (await streamEntriesAfter(stack, profile, before.lastId)).count;
      return recorded >= refused;
    },
    { timeoutMs: 10_000, intervalMs: 200, what: `${refused} entries in ${auditStream}` },
  ).catch(() => undefined);
  out.push(judgeAuditTrail(api.service, auditStream, refused, recorded));
  return out;
};

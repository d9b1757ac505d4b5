// Small helpers the runtime detectors share: credentials from secret files, HTTP through the gateway.
import { readFileSync } from "node:fs";
import { Redis } from "ioredis";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";
import { waitUntil } from "../util/wait-until.ts";

export function secretValue(stack: StartedStack, name: string): string {
  const file = stack.model.secrets[name]?.file;
  if (!file) throw new Error(`secret '${name}' is not a file secret of ${stack.model.file}`);
  return readFileSync(file, "utf8").trim();
}

export function redisClient(stack: StartedStack, profile: StackProfile, auth: "admin" | "none"): Redis {
  const a = stack.address(profile.endpoints.redis.service, profile.endpoints.redis.port);
  const client = new Redis({
    host: a.host,
    port: a.port,
    password: auth === "admin" ? secretValue(stack, profile.credentials.redisAdminSecret) : undefined,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    commandTimeout: 3000,
    retryStrategy: () => null,
    // The ready check runs INFO, which an anonymous client may not: let the command under test speak.
    enableReadyCheck: false,
  });
  client.on("error", () => undefined);
  return client;
}

export function queryUrl(stack: StartedStack, profile: StackProfile): string {
  const gw = profile.endpoints.gateway;
  if (gw) return stack.url(gw.service, gw.port, `${gw.apiPrefix}${profile.endpoints.api.queryPath}`);
  const api = profile.endpoints.api;
  return stack.url(api.service, api.port, api.queryPath);
}

export function apiHealthUrl(stack: StartedStack, profile: StackProfile): string {
  const api = profile.endpoints.api;
  return stack.url(api.service, api.port, api.healthPath);
}

export interface QueryOutcome {
  status: number | "timeout" | "error";
  ms: number;
  body: string;
}

export async function query(stack: StartedStack, profile: StackProfile, timeoutMs: number, text = "what is tmpfs"): Promise<QueryOutcome> {
  const t0 = performance.now();
  try {
    const res = await fetch(queryUrl(stack, profile), {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": secretValue(stack, profile.credentials.apiKeySecret) },
      body: JSON.stringify({ query: text, max_tokens: 4 }),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: res.status, ms: performance.now() - t0, body: await res.text() };
  } catch (err) {
    const name = (err as Error).name;
    return { status: name === "TimeoutError" || name === "AbortError" ? "timeout" : "error", ms: performance.now() - t0, body: (err as Error).message };
  }
}

/** Starts a stopped service again and waits until its own healthcheck passes. */
export async function bringBack(stack: StartedStack, service: string, timeoutMs = 60_000): Promise<void> {
  await stack.start(service);
  await waitUntil(() => stack.healthy(service), { timeoutMs, intervalMs: 250, what: `${service} to be healthy again` });
}

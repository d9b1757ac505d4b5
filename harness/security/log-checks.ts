// Credentials in logs: the stack's logs must never carry a secret value, also when something fails.
// The check provokes the failure path that logs most (the gateway's upstream gone while a client sends
// the API key, in both header forms), brings the upstream back, then scans every service's log.
// Stops a service: run it on a private stack.
import { waitUntil } from "../util/wait-until.ts";
import { result, type CheckResult, type SecurityCheck } from "./check-result.ts";
import { stackServices } from "./container-probe.ts";
import { credentialSecrets, readSecret, secretsIn } from "./secrets.ts";

/** Lines of a service's log scanned; enough for a test run, bounded for a long one. */
const logTail = 5_000;

export function judgeLogSecrets(service: string, leaked: readonly string[], logLines: number): CheckResult {
  return result(
    "secrets-in-logs",
    service,
    leaked.length === 0,
    leaked.length ? `its log contains the value of ${leaked.join(", ")}` : `no secret value in ${logLines} log lines`,
    "no secret value in the service's log, also after an upstream failure",
  );
}

/** Sends the API key through the gateway while the api is stopped: the gateway's error path logs the request. */
async function provokeGatewayError(stack: Parameters<SecurityCheck>[0], profile: Parameters<SecurityCheck>[1]): Promise<number[]> {
  const gateway = profile.endpoints.gateway;
  const api = profile.endpoints.api;
  if (!gateway || !stack.services.has(gateway.service)) return [];
  const key = readSecret(stack, profile.credentials.apiKeySecret);
  const url = stack.url(gateway.service, gateway.port, `${gateway.apiPrefix}${api.queryPath}`);
  await stack.stop(api.service, 2);
  const statuses: number[] = [];
  try {
    const forms: Record<string, string>[] = [{ "x-api-key": key }, { authorization: `Bearer ${key}` }];
    for (const headers of forms) {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify({ query: "tmpfs" }), signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel();
      statuses.push(res.status);
    }
  } finally {
    await stack.start(api.service);
    await waitUntil(() => stack.healthy(api.service), { timeoutMs: 60_000, intervalMs: 500, what: `${api.service} healthy again after the log check` });
  }
  return statuses;
}

export const logSecretsCheck: SecurityCheck = async (stack, profile, ctx) => {
  const statuses = await provokeGatewayError(stack, profile);
  ctx.log?.(`log check: gateway answered ${statuses.join(", ") || "nothing (no gateway)"} with the api stopped`);
  const secrets = credentialSecrets(stack, profile);
  return Promise.all(
    stackServices(stack).map(async (service) => {
      const text = await stack.logs(service, logTail);
      return judgeLogSecrets(service, secretsIn(text, secrets), text.split("\n").length);
    }),
  );
};

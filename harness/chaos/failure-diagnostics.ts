// What a reader needs when a chaos run did not pass: every service's last log lines, and how long the
// client service takes to resolve each other service's name right now (a lookup that hangs for seconds
// stalls Node's 4-thread lookup pool, and with it every reconnect of the client).
import type { StartedStack } from "../stack/launcher/started-stack.ts";

export interface Diagnostic {
  name: string;
  text: string;
}

/** Never throws: a diagnostic that cannot be read says why in its text. */
export async function failureDiagnostics(stack: StartedStack, preferredClient: string, logLines = 80): Promise<Diagnostic[]> {
  const services = [...stack.services.keys()];
  // a stack launched without the api (a reduced variant) is asked from its first service instead
  const client = services.includes(preferredClient) ? preferredClient : services[0];
  if (client === undefined) return [];
  const lookups = services
    .filter((service) => service !== client)
    .map((service) => `s=$(date +%s%N); a=$(getent ahostsv4 ${service} | awk 'NR==1{print $1}'); echo "${service} -> \${a:-unresolved} in $(( ($(date +%s%N)-s)/1000000 )) ms"`)
    .join("; ");
  const resolved = await Promise.resolve()
    .then(() => stack.exec(client, ["/bin/sh", "-c", lookups], { timeoutMs: 60_000 }))
    .then((r) => r.output, (err: Error) => `lookup failed: ${err.message}`);
  const logs = await Promise.all(
    services.map(async (service) => ({ name: `log ${service} (last ${logLines} lines)`, text: await Promise.resolve().then(() => stack.logs(service, logLines)).catch((err: Error) => err.message) })),
  );
  return [{ name: `name lookups from ${client}`, text: resolved }, ...logs];
}

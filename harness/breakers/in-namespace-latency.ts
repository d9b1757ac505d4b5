// Answer times measured next to the service (curl inside its container, over its loopback, one
// keep-alive connection): what the service itself takes, without the suite's proxy and load
// generator competing for the same two cores. The API key goes through a header file on the
// container's tmpfs, never onto a command line.
import type { StartedStack } from "../stack/launcher/started-stack.ts";

export interface InNamespaceSample {
  statuses: number[];
  latenciesMs: number[];
}

export async function measureInNamespace(
  stack: StartedStack,
  service: string,
  req: { port: number; path: string; body: unknown; apiKeySecretFile: string; count: number; timeoutMs: number },
): Promise<InNamespaceSample> {
  const url = `http://127.0.0.1:${req.port}${req.path}`;
  const body = JSON.stringify(req.body).replace(/'/g, `'\\''`);
  const script = [
    "set -e",
    `h=$(mktemp /tmp/hdr.XXXXXX)`,
    `printf 'x-api-key: %s\\ncontent-type: application/json\\n' "$(cat ${req.apiKeySecretFile})" > "$h"`,
    // -o applies to one URL only: every URL gets its own, so bodies never mix into the timings.
    `urls=""; i=0; while [ $i -lt ${req.count} ]; do urls="$urls -o /dev/null ${url}"; i=$((i+1)); done`,
    `curl -s -H @"$h" -d '${body}' -w '%{http_code} %{time_total}\\n' $urls`,
    `rm -f "$h"`,
  ].join("\n");
  const r = await stack.exec(service, ["/bin/sh", "-c", script], { timeoutMs: req.timeoutMs });
  const statuses: number[] = [];
  const latenciesMs: number[] = [];
  for (const line of r.stdout.split("\n")) {
    const [code, seconds] = line.trim().split(" ");
    if (!code || !seconds) continue;
    statuses.push(Number(code));
    latenciesMs.push(Number(seconds) * 1000);
  }
  if (statuses.length === 0) throw new Error(`no answers measured inside ${service}: ${r.stderr.trim() || r.stdout.trim()}`);
  return { statuses, latenciesMs };
}

export function percentileMs(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

// Calls a dependency itself saw on one route, from its Prometheus request counter: the proof that
// calls rejected by an open breaker never reached it.

/** A route as counters label it: the path itself, or a name made from it ("/completion" -> "completion"). */
function routeNames(path: string): string[] {
  const bare = path.replace(/^\/+/, "");
  return [...new Set([path, bare, bare.replace(/\//g, "_")])];
}

/**
 * Pure: sums every `*_requests_total` sample that has a label naming `route`. A counter family
 * without that route yet is 0 (prom-client shows a label set only once it was incremented); no
 * `*_requests_total` family at all is undefined.
 */
export function requestsOnRoute(prometheusText: string, route: string): number | undefined {
  let total: number | undefined = /^# TYPE [a-zA-Z_:][\w:]*_requests_total counter$/m.test(prometheusText) ? 0 : undefined;
  for (const line of prometheusText.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)_requests_total\{([^}]*)\}\s+([0-9.eE+-]+)/.exec(line);
    if (match === null) continue;
    const labels = [...match[2]!.matchAll(/\w+="((?:[^"\\]|\\.)*)"/g)].map((label) => label[1]);
    if (!labels.some((label) => label !== undefined && routeNames(route).includes(label))) continue;
    total = (total ?? 0) + Number(match[3]);
  }
  return total;
}

export async function readRequestsOnRoute(metricsUrl: string, route: string, timeoutMs: number): Promise<number> {
  const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  const count = requestsOnRoute(text, route);
  if (!response.ok || count === undefined) throw new Error(`${metricsUrl} (${response.status}) has no *_requests_total counter for route ${route}`);
  return count;
}

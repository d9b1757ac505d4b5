/**
 * Capped exponential backoff with "equal jitter": half the delay is fixed so retries never bunch at
 * zero, half is random so many crawlers do not retry in lockstep. `attempt` starts at 1.
 */
export function backoffDelayMs(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

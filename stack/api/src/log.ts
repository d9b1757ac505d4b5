// One JSON object per line on stdout, so container logs stay machine-readable.
export type Level = "debug" | "info" | "warn" | "error";

let minimum: Level = "info";
const ORDER: Record<Level, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export function setLogLevel(level: Level): void {
  minimum = level;
}

export function log(level: Level, msg: string, fields: Record<string, unknown> = {}): void {
  if (ORDER[level] < ORDER[minimum]) return;
  process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, service: "api", msg, ...fields })}\n`);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

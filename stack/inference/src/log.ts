import type { Writable } from "node:stream";

export type LogRecord = Readonly<Record<string, unknown>> & { readonly msg: string };
export type Logger = (record: LogRecord) => void;

/** One JSON object per line, so `podman logs` output can be parsed line by line. */
export function createLogger(out: Writable): Logger {
  return (record) => {
    out.write(`${JSON.stringify({ ts: new Date().toISOString(), level: "info", ...record })}\n`);
  };
}

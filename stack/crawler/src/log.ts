// JSON lines on stdout and, best effort, in LOG_DIR/crawler.log (a tmpfs: capped by rotation to one
// previous file so a long run cannot fill it).
import { appendFileSync, mkdirSync, renameSync, statSync } from "node:fs";
import { join } from "node:path";

let file: { path: string; maxBytes: number; written: number } | undefined;
let fileError: string | undefined;

export function logToFile(dir: string, maxBytes: number): void {
  const path = join(dir, "crawler.log");
  try {
    mkdirSync(dir, { recursive: true });
    appendFileSync(path, "");
    file = { path, maxBytes, written: statSync(path).size };
    fileError = undefined;
  } catch (error) {
    fileError = (error as Error).message;
    log("error", "log_dir_unwritable", { dir, error: fileError });
  }
}

/** undefined when the log file is writable (or not configured). */
export function logFileError(): string | undefined {
  return fileError;
}

export function log(level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown> = {}): void {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, service: "crawler", msg, ...fields })}\n`;
  process.stdout.write(line);
  if (file === undefined) return;
  try {
    if (file.written + line.length > file.maxBytes) {
      renameSync(file.path, `${file.path}.1`);
      file.written = 0;
    }
    appendFileSync(file.path, line);
    file.written += line.length;
  } catch (error) {
    fileError = (error as Error).message;
    file = undefined;
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level: "error", service: "crawler", msg: "log_file_failed", error: fileError })}\n`);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

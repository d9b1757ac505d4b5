// Named errors of the launcher; they serialize for the report.
export class StackStartError extends Error {
  override name = "StackStartError";
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly logsTail: string,
    readonly file?: string,
    readonly key?: string,
  ) {
    const where = file ? `${file}: ` : "";
    const what = key ? ` ${key}` : "";
    super(`${where}service '${service}'${what} did not become ready: ${reason}${logsTail ? `\n--- last log lines of ${service} ---\n${logsTail}` : ""}`);
  }
  toJSON() {
    return { name: this.name, message: this.message, service: this.service, key: this.key, file: this.file, reason: this.reason, logsTail: this.logsTail };
  }
}

/** The compose key behind an engine error at container create/start, when the error says so. */
export function keyOfStartFailure(reason: string): string | undefined {
  if (/address already in use|port is already allocated|rootlessport|bind: /i.test(reason)) return "ports";
  if (/duplicate mount destination|no such volume|error mounting/i.test(reason)) return "volumes";
  return undefined;
}

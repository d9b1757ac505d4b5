// Named errors of the launcher; they serialize for the report.
export class StackStartError extends Error {
  override name = "StackStartError";
  constructor(
    readonly service: string,
    readonly reason: string,
    readonly logsTail: string,
  ) {
    super(`service '${service}' did not become ready: ${reason}${logsTail ? `\n--- last log lines of ${service} ---\n${logsTail}` : ""}`);
  }
  toJSON() {
    return { name: this.name, message: this.message, service: this.service, reason: this.reason, logsTail: this.logsTail };
  }
}

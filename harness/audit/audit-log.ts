// Append-only audit trail (JSON lines): every fault the suite injects and every security check result.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

export interface AuditEntry {
  time: string;
  actor: string;
  action: string;
  target: string;
  outcome: "ok" | "fail" | "injected" | "undone" | "error" | "not-run";
  detail?: unknown;
}

export class AuditLog {
  constructor(
    readonly file: string,
    private readonly actor: string,
  ) {}

  append(action: string, target: string, outcome: AuditEntry["outcome"], detail?: unknown): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const entry: AuditEntry = { time: new Date().toISOString(), actor: this.actor, action, target, outcome, ...(detail === undefined ? {} : { detail }) };
    appendFileSync(this.file, `${JSON.stringify(entry)}\n`);
  }
}

export function readAudit(file: string): AuditEntry[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as AuditEntry);
}

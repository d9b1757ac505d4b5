export type ComposeErrorCode =
  | "not-yaml"
  | "not-compose"
  | "unreadable-file"
  | "no-image-or-build"
  | "unknown-dependency"
  | "dependency-cycle"
  | "missing-variable"
  | "invalid-value";

export interface ComposeErrorInit {
  code: ComposeErrorCode;
  file: string;
  message: string;
  service?: string | undefined;
  key?: string | undefined;
  line?: number | undefined;
}

/** A compose file the model cannot accept; `message` is one line and says how to fix it. */
export class ComposeError extends Error {
  readonly code: ComposeErrorCode;
  readonly file: string;
  readonly service: string | undefined;
  readonly key: string | undefined;
  readonly line: number | undefined;

  constructor(init: ComposeErrorInit) {
    super(init.message);
    this.name = "ComposeError";
    this.code = init.code;
    this.file = init.file;
    this.service = init.service;
    this.key = init.key;
    this.line = init.line;
  }

  /** `file:line service key: message`, the one line a CLI prints. */
  get location(): string {
    const where = this.line === undefined ? this.file : `${this.file}:${this.line}`;
    const what = [this.service, this.key].filter((p) => p !== undefined).join(".");
    return what ? `${where} ${what}` : where;
  }

  override toString(): string {
    return `${this.location}: ${this.message}`;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      file: this.file,
      service: this.service,
      key: this.key,
      line: this.line,
      message: this.message,
    };
  }
}

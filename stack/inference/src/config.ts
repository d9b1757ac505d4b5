export interface Config {
  readonly host: string;
  readonly port: number;
  readonly modelPath: string;
  readonly threads: number;
  readonly slots: number;
  /** Waiting requests beyond the busy slots; Infinity only with the deliberately broken UNBOUNDED_QUEUE=1. */
  readonly queueMax: number;
  readonly unboundedQueue: boolean;
  readonly contextSize: number;
  readonly maxPromptTokens: number;
  readonly maxPredict: number;
  readonly defaultPredict: number;
  readonly maxBodyBytes: number;
  readonly requestTimeoutMs: number;
  readonly artificialDelayMs: number;
  readonly shutdownGraceMs: number;
  readonly modelAlias: string;
}

export class ConfigError extends Error {
  override readonly name = "ConfigError";
  readonly issues: readonly string[];

  constructor(issues: readonly string[]) {
    super(`Invalid configuration: ${issues.join("; ")}`);
    this.issues = issues;
  }
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Pure: reads only the given env object, so tests pass plain objects and only main passes process.env. */
export function loadConfig(env: Env): Config {
  const issues: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      issues.push(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
      return fallback;
    }
    return value;
  };
  const flag = (name: string): boolean => {
    const raw = env[name]?.trim().toLowerCase();
    if (raw === undefined || raw === "" || raw === "0" || raw === "false") return false;
    if (raw === "1" || raw === "true") return true;
    issues.push(`${name} must be 0/1/true/false, got "${env[name] ?? ""}"`);
    return false;
  };

  const unboundedQueue = flag("UNBOUNDED_QUEUE");
  const contextSize = int("CONTEXT_SIZE", 1024, 64, 131072);
  const maxPromptTokens = int("MAX_PROMPT_TOKENS", 512, 1, 131072);
  const maxPredict = int("MAX_PREDICT", 256, 1, 131072);
  const config: Config = {
    host: env["HOST"]?.trim() || "0.0.0.0",
    port: int("PORT", 8080, 0, 65535),
    modelPath: env["MODEL_PATH"]?.trim() || "/models/model.gguf",
    threads: int("THREADS", 1, 1, 256),
    slots: int("SLOTS", 1, 1, 64),
    queueMax: unboundedQueue ? Number.POSITIVE_INFINITY : int("QUEUE_MAX", 8, 0, 100_000),
    unboundedQueue,
    contextSize,
    maxPromptTokens,
    maxPredict,
    defaultPredict: Math.min(16, maxPredict),
    maxBodyBytes: int("MAX_BODY_BYTES", 65_536, 64, 64 * 1024 * 1024),
    requestTimeoutMs: int("REQUEST_TIMEOUT_MS", 30_000, 1, 3_600_000),
    artificialDelayMs: int("ARTIFICIAL_DELAY_MS", 0, 0, 600_000),
    shutdownGraceMs: int("SHUTDOWN_GRACE_MS", 1_500, 0, 60_000),
    modelAlias: env["MODEL_ALIAS"]?.trim() || "xnai-generated",
  };
  // A prompt plus its completion must fit one sequence, else node-llama-cpp would silently truncate.
  if (maxPromptTokens + maxPredict + 1 > contextSize) {
    issues.push(
      `MAX_PROMPT_TOKENS (${maxPromptTokens}) + MAX_PREDICT (${maxPredict}) + 1 must not exceed CONTEXT_SIZE (${contextSize})`,
    );
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return config;
}

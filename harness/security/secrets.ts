// Credentials the checks need, read from the stack's own secret files (never logged or recorded).
import { readFileSync } from "node:fs";
import type { StartedStack } from "../stack/launcher/started-stack.ts";
import type { StackProfile } from "../stack/profile.ts";

export function readSecret(stack: StartedStack, name: string): string {
  const file = stack.model.secrets[name]?.file;
  if (!file) throw new Error(`secret '${name}' is not a file secret of ${stack.model.file}`);
  return readFileSync(file, "utf8").trim();
}

/** The profile's credential secrets: name -> value. */
export function credentialSecrets(stack: StartedStack, profile: StackProfile): Record<string, string> {
  const c = profile.credentials;
  const names = [c.apiKeySecret, c.redisAdminSecret, c.redisAppSecret].filter((n): n is string => Boolean(n) && Boolean(stack.model.secrets[n!]?.file));
  return Object.fromEntries(names.map((n) => [n, readSecret(stack, n)]));
}

/** Where any secret value occurs in `text` (by secret name, never the value). Short values would match by chance. */
export function secretsIn(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, v]) => v.length >= 8 && text.includes(v))
    .map(([n]) => n);
}

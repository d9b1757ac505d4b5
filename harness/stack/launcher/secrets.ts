// File secrets the profile says the suite generates (random, per machine) when they are missing.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { ComposeModel } from "../compose/index.ts";

export function ensureGeneratedSecrets(model: ComposeModel, names: string[]): string[] {
  const created: string[] = [];
  for (const name of names) {
    const file = model.secrets[name]?.file;
    if (!file || existsSync(file)) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(24).toString("hex"), { mode: 0o600 });
    created.push(name);
  }
  return created;
}

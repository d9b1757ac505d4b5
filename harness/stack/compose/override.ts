// A variant of a compose file: the base merged with an override document, as `compose -f base -f
// override` would, with two explicit rules: maps merge key by key, anything else (lists included)
// replaces, and a null value removes the key. Used by negative controls and persistence variants.
import { parse, stringify } from "yaml";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseCompose, type LoadOptions } from "./load.ts";
import type { ComposeModel } from "./model.ts";

export type ComposeOverride = Record<string, unknown>;

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function mergeOverride(base: unknown, override: unknown): unknown {
  if (!isMap(base) || !isMap(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(override)) {
    if (v === null) delete out[k];
    else out[k] = k in out ? mergeOverride(out[k], v) : v;
  }
  return out;
}

/** The variant's compose text (anchors resolved): base merged with the override. */
export function renderVariant(composeFile: string, override: ComposeOverride): string {
  const base = parse(readFileSync(resolve(composeFile), "utf8"), { merge: true }) as unknown;
  const merged = mergeOverride(base, override);
  // Extension keys (x-...) only carried anchors, which are resolved by now.
  if (isMap(merged)) for (const k of Object.keys(merged)) if (k.startsWith("x-")) delete merged[k];
  return stringify(merged);
}

/** Loads `composeFile` with the override applied; relative paths stay relative to the base file. */
export function loadComposeVariant(composeFile: string, override: ComposeOverride, options: LoadOptions = {}): ComposeModel {
  return parseCompose(renderVariant(composeFile, override), resolve(composeFile), options);
}

/** Writes the variant beside the base file (so relative paths resolve) and removes it on dispose. */
export function writeVariantFile(composeFile: string, override: ComposeOverride, id: string): { path: string } & Disposable {
  const path = join(dirname(resolve(composeFile)), `.variant-${id}-${process.pid}.compose.yaml`);
  writeFileSync(path, renderVariant(composeFile, override));
  return { path, [Symbol.dispose]: () => rmSync(path, { force: true }) };
}

import { isAlias, isMap, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import { ComposeError, type ComposeErrorCode } from "./compose-error.ts";
import { interpolate, type VariableMap } from "./interpolate.ts";
import type { ComposeFinding, FindingKind, VariableReference } from "./model.ts";

/** Per-load state threaded through the normalizers (never module-level). */
export interface LoadContext {
  file: string;
  dir: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  vars: VariableMap;
  strict: boolean;
  findings: ComposeFinding[];
  refs: VariableReference[];
}

export interface Where {
  service: string | undefined;
  key: string;
}

export interface Entry {
  key: string;
  value: Node | null;
  line: number;
}

export function lineOf(ctx: LoadContext, node: unknown): number {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  return range ? ctx.lines.linePos(range[0]).line : 0;
}

export function deref(ctx: LoadContext, node: unknown): Node | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return (node.resolve(ctx.doc) as Node | undefined) ?? null;
  return node as Node;
}

/** Map entries in order, with YAML merge keys (`<<: *anchor`) expanded and overridden by explicit keys. */
export function entries(ctx: LoadContext, node: unknown): Entry[] | undefined {
  const map = deref(ctx, node);
  if (!isMap(map)) return undefined;
  const merged = new Map<string, Entry>();
  const explicit: Entry[] = [];
  for (const pair of map.items) {
    const keyNode = deref(ctx, pair.key);
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    if (key === "<<") {
      const src = deref(ctx, pair.value);
      const sources = isSeq(src) ? src.items : [src];
      for (const s of sources) for (const e of entries(ctx, s) ?? []) if (!merged.has(e.key)) merged.set(e.key, e);
      continue;
    }
    explicit.push({ key, value: deref(ctx, pair.value), line: lineOf(ctx, pair.key) });
  }
  for (const e of explicit) merged.delete(e.key);
  return [...merged.values(), ...explicit];
}

export function items(ctx: LoadContext, node: unknown): Array<Node | null> | undefined {
  const seq = deref(ctx, node);
  return isSeq(seq) ? seq.items.map((i) => deref(ctx, i)) : undefined;
}

export function isMapNode(ctx: LoadContext, node: unknown): boolean {
  return isMap(deref(ctx, node));
}

export function finding(ctx: LoadContext, kind: FindingKind, where: Where, line: number, message: string, variable?: string): void {
  const f: ComposeFinding = { kind, file: ctx.file, line, service: where.service, key: where.key, message };
  if (variable !== undefined) f.variable = variable;
  ctx.findings.push(f);
}

/** A validation error: thrown in strict mode, recorded as an "invalid" finding in tolerant mode. */
export function violation(ctx: LoadContext, code: ComposeErrorCode, where: Where, line: number, message: string): void {
  if (ctx.strict) throw new ComposeError({ code, file: ctx.file, service: where.service, key: where.key, line, message });
  finding(ctx, "invalid", where, line, message);
}

/** A scalar as an interpolated string; null/absent -> undefined; maps/lists -> invalid finding. */
export function scalar(ctx: LoadContext, node: unknown, where: Where): string | undefined {
  const n = deref(ctx, node);
  if (n === null) return undefined;
  if (!isScalar(n)) {
    finding(ctx, "invalid", where, lineOf(ctx, n), `${where.key} must be a single value, not a ${isMap(n) ? "map" : "list"}`);
    return undefined;
  }
  if (n.value === null || n.value === undefined) return undefined;
  if (typeof n.value !== "string") return String(n.value);
  return interpolated(ctx, n.value, where, lineOf(ctx, n));
}

export function interpolated(ctx: LoadContext, text: string, where: Where, line: number): string {
  const r = interpolate(text, ctx.vars);
  for (const name of r.referenced) ctx.refs.push({ name, service: where.service, key: where.key, line, defined: ctx.vars[name] !== undefined });
  for (const issue of r.issues) {
    if (issue.kind === "required") {
      if (ctx.strict) {
        throw new ComposeError({
          code: "missing-variable", file: ctx.file, service: where.service, key: where.key, line,
          message: `${issue.message}; set ${issue.variable} in the environment or in .env beside the compose file`,
        });
      }
      finding(ctx, "required-variable", where, line, `${issue.message}; set it in the environment or in .env`, issue.variable);
    } else if (issue.kind === "unset") {
      finding(ctx, "unset-variable", where, line, `${issue.message}; set it or give a default with \${${issue.variable}:-value}`, issue.variable);
    } else {
      finding(ctx, "invalid", where, line, issue.message);
    }
  }
  return r.value;
}

/** The raw source text of a scalar, for values whose YAML typing loses information (octal modes). */
export function sourceText(ctx: LoadContext, node: unknown): string | undefined {
  const n = deref(ctx, node);
  if (!isScalar(n) || !n.range) return undefined;
  return ctx.text.slice(n.range[0], n.range[1]).replace(/^["']|["']$/g, "");
}

export function bool(ctx: LoadContext, node: unknown, where: Where): boolean | undefined {
  const n = deref(ctx, node);
  if (isScalar(n) && typeof n.value === "boolean") return n.value;
  const s = scalar(ctx, n, where);
  if (s === undefined) return undefined;
  if (/^(true|yes|on|1)$/i.test(s)) return true;
  if (/^(false|no|off|0)$/i.test(s)) return false;
  finding(ctx, "invalid", where, lineOf(ctx, n), `${where.key} must be true or false, got "${s}"`);
  return undefined;
}

export function stringList(ctx: LoadContext, node: unknown, where: Where): string[] {
  const list = items(ctx, node);
  if (list) return list.map((i) => scalar(ctx, i, where)).filter((s): s is string => s !== undefined);
  const s = scalar(ctx, node, where);
  return s === undefined ? [] : [s];
}

/** `KEY: value` maps or `- KEY=value` lists (labels, sysctls, args, environment). */
export interface KeyValue {
  key: string;
  value: string | undefined;
  line: number;
  /** False for `KEY` / `KEY:` entries that take their value from the variables. */
  hasValue: boolean;
}

export function keyValues(ctx: LoadContext, node: unknown, where: Where): KeyValue[] {
  const es = entries(ctx, node);
  if (es) return es.map((e) => ({ key: e.key, value: scalar(ctx, e.value, where), line: e.line, hasValue: e.value !== null && !(isScalar(e.value) && e.value.value === null) }));
  const list = items(ctx, node);
  if (!list) {
    if (deref(ctx, node) !== null) finding(ctx, "invalid", where, lineOf(ctx, node), `${where.key} must be a map or a list of KEY=VALUE`);
    return [];
  }
  return list.flatMap((i): KeyValue[] => {
    const s = scalar(ctx, i, where);
    if (s === undefined) return [];
    const eq = s.indexOf("=");
    return eq < 0
      ? [{ key: s, value: undefined, line: lineOf(ctx, i), hasValue: false }]
      : [{ key: s.slice(0, eq), value: s.slice(eq + 1), line: lineOf(ctx, i), hasValue: true }];
  });
}

import { readFileSync } from "node:fs";
import { posix } from "node:path";
import { shellSplit } from "../stack/compose/units.ts";

export interface CacheMount {
  target: string | undefined;
  uid: string | undefined;
  gid: string | undefined;
  raw: string;
}

export interface Instruction {
  keyword: string;
  /** Text after the keyword and its `--flags`. */
  args: string;
  flags: string[];
  line: number;
  stage: number;
  /** USER and WORKDIR in force when this instruction runs. */
  user: string | undefined;
  workdir: string;
}

export interface CopyOp {
  sources: string[];
  /** Absolute destination as written (a directory when it ends with "/" or has several sources). */
  dest: string;
  destIsDir: boolean;
  from: string | undefined;
  line: number;
}

export interface Stage {
  name: string | undefined;
  from: string;
  line: number;
  /** Final USER of the stage (inherited from an earlier stage it is built FROM). */
  user: string | undefined;
  userLine: number | undefined;
  workdir: string;
  expose: number[];
  healthcheck: { words: string[]; line: number } | undefined;
  cmd: string[] | undefined;
  entrypoint: string[] | undefined;
  copies: CopyOp[];
}

export interface ContainerfileModel {
  file: string;
  instructions: Instruction[];
  stages: Stage[];
}

interface Logical {
  text: string;
  line: number;
}

/** Join continuation lines, drop comments and blank lines; keep the first line of each instruction. */
function logicalLines(text: string): Logical[] {
  const out: Logical[] = [];
  let cur: Logical | undefined;
  text.split(/\r?\n/).forEach((raw, idx) => {
    const trimmed = raw.trim();
    if (trimmed.startsWith("#") || (trimmed === "" && cur === undefined)) return;
    const cont = /\\\s*$/.test(raw);
    const piece = cont ? raw.replace(/\\\s*$/, "") : raw;
    if (cur) cur.text += " " + piece.trim();
    else cur = { text: piece.trim(), line: idx + 1 };
    if (!cont) {
      if (cur.text !== "") out.push(cur);
      cur = undefined;
    }
  });
  if (cur && cur.text !== "") out.push(cur);
  return out;
}

/** Exec form `["a","b"]` or shell form (split like a shell). */
export function words(args: string): string[] {
  const t = args.trim();
  if (t.startsWith("[")) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not valid JSON: Docker then treats it as shell form too.
    }
  }
  return shellSplit(t);
}

function takeFlags(rest: string): { flags: string[]; args: string } {
  const flags: string[] = [];
  let s = rest.trimStart();
  for (let m = /^--\S+/.exec(s); m; m = /^--\S+/.exec(s)) {
    flags.push(m[0]);
    s = s.slice(m[0].length).trimStart();
  }
  return { flags, args: s };
}

export function cacheMounts(flags: string[]): CacheMount[] {
  return flags
    .filter((f) => f.startsWith("--mount=") && /(^|,)type=cache(,|$)/.test(f.slice(8)))
    .map((f) => {
      const opts = Object.fromEntries(f.slice(8).split(",").map((kv) => {
        const [k, v = ""] = kv.split("=", 2) as [string, string | undefined];
        return [k, v];
      }));
      return { target: opts["target"] ?? opts["dst"] ?? opts["destination"], uid: opts["uid"], gid: opts["gid"], raw: f };
    });
}

export function parseContainerfile(text: string, file: string): ContainerfileModel {
  const instructions: Instruction[] = [];
  const stages: Stage[] = [];
  const globalArgs: Record<string, string> = {};
  for (const l of logicalLines(text)) {
    const m = /^(\S+)\s*(.*)$/.exec(l.text);
    if (!m) continue;
    const keyword = (m[1] as string).toUpperCase();
    const { flags, args } = takeFlags(m[2] ?? "");
    if (keyword === "ARG" && stages.length === 0) {
      const [k, v] = args.trim().split("=", 2) as [string, string | undefined];
      if (v !== undefined) globalArgs[k] = v.replace(/^["']|["']$/g, "");
    }
    if (keyword === "FROM") {
      const parts = args.replace(/\$\{?(\w+)\}?/g, (m, name: string) => globalArgs[name] ?? m).split(/\s+/);
      const from = parts[0] ?? "";
      const name = parts[1]?.toUpperCase() === "AS" ? parts[2] : undefined;
      const parent = stages.find((s) => s.name !== undefined && s.name === from);
      stages.push({
        name, from, line: l.line, user: parent?.user, userLine: parent?.userLine, workdir: parent?.workdir ?? "/",
        expose: [...(parent?.expose ?? [])], healthcheck: parent?.healthcheck, cmd: parent?.cmd, entrypoint: parent?.entrypoint, copies: [],
      });
    }
    const stage = stages[stages.length - 1];
    if (!stage) continue;
    if (keyword === "USER") {
      stage.user = args.trim();
      stage.userLine = l.line;
    } else if (keyword === "WORKDIR") {
      stage.workdir = posix.resolve(stage.workdir, args.trim());
    } else if (keyword === "EXPOSE") {
      for (const p of args.split(/\s+/)) {
        const n = Number(p.split("/")[0]);
        if (Number.isInteger(n) && n > 0) stage.expose.push(n);
      }
    } else if (keyword === "HEALTHCHECK") {
      const cmd = /^\s*CMD\s+(.*)$/i.exec(args);
      stage.healthcheck = cmd ? { words: words(cmd[1] as string), line: l.line } : undefined;
    } else if (keyword === "CMD") {
      stage.cmd = words(args);
    } else if (keyword === "ENTRYPOINT") {
      stage.entrypoint = words(args);
    } else if (keyword === "COPY" || keyword === "ADD") {
      const w = words(args);
      const dest = w.pop();
      if (dest !== undefined && w.length > 0) {
        const from = flags.find((f) => f.startsWith("--from="))?.slice(7);
        stage.copies.push({
          sources: w, dest: posix.resolve(stage.workdir, dest), destIsDir: dest.endsWith("/") || w.length > 1,
          from, line: l.line,
        });
      }
    }
    instructions.push({ keyword, args, flags, line: l.line, stage: stages.length - 1, user: stage.user, workdir: stage.workdir });
  }
  return { file, instructions, stages };
}

export function readContainerfile(file: string): ContainerfileModel | undefined {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  return parseContainerfile(text, file);
}

/** The stage an image is built from: the named target, else the last stage. */
export function finalStage(cf: ContainerfileModel, target?: string): Stage | undefined {
  return (target ? cf.stages.find((s) => s.name === target) : undefined) ?? cf.stages[cf.stages.length - 1];
}

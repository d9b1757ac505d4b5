import { existsSync, statSync } from "node:fs";
import { basename, join, posix } from "node:path";
import { cacheMounts, finalStage, words, type ContainerfileModel, type Instruction } from "./containerfile.ts";
import type { Report } from "./lint-context.ts";
import { expandWords, isNonRootUser, uidOf } from "./service-facts.ts";

/** A Containerfile as the lint sees it: its build context and the services that use it. */
export interface ContainerfileUse {
  cf: ContainerfileModel;
  context: string;
  target: string | undefined;
  services: Array<{ name: string; user: string | undefined }>;
}

type Emit = (r: Report) => void;

const INSTALL = /\b(?:apt-get|apt)\s+(?:-\S+\s+)*install\b|\bnpm\s+(?:ci|install|i)\b|\bpip3?\s+install\b|\bpython3?\s+-m\s+pip\s+install\b/;

export function lintContainerfile(use: ContainerfileUse, emit: Emit): void {
  const { cf } = use;
  const service = use.services[0]?.name;
  for (const inst of cf.instructions) {
    if (inst.keyword !== "RUN") continue;
    const mounts = cacheMounts(inst.flags);
    if (isNonRootUser(inst.user)) {
      const uid = uidOf(inst.user);
      for (const m of mounts) {
        const missing = m.uid === undefined || m.gid === undefined;
        const wrong = m.uid !== undefined && (uid !== undefined ? Number(m.uid) !== uid : m.uid === "0");
        if (!missing && !wrong) continue;
        emit({
          rule: "cf-cache-mount-owner", file: cf.file, line: inst.line, service,
          message: `cache mount ${m.target ?? ""} ${missing ? "has no uid/gid" : `is owned by uid=${m.uid}`} but this RUN runs as USER ${inst.user}: EACCES on the cache`,
          fix: uid !== undefined ? `add uid=${uid},gid=${uid} to ${m.raw}` : undefined,
        });
      }
    }
    const install = INSTALL.exec(inst.args);
    if (install && mounts.length === 0) {
      emit({
        rule: "cf-install-without-cache", file: cf.file, line: inst.line, service,
        message: `"${install[0].replace(/\s+/g, " ")}" without a cache mount: every rebuild downloads everything again`,
      });
    }
  }
  const stage = finalStage(cf, use.target);
  if (stage && !isNonRootUser(stage.user)) {
    const overridden = use.services.length > 0 && use.services.every((s) => isNonRootUser(s.user));
    if (!overridden) {
      emit({
        rule: "cf-no-user", file: cf.file, line: stage.userLine ?? stage.line, service,
        message: stage.user ? `the image ends with USER ${stage.user}: it runs as root` : "no USER instruction: the image runs as root",
      });
    }
  }
  pathMismatches(use, emit);
}

interface Copied {
  file: string;
  line: number;
}

function pathMismatches(use: ContainerfileUse, emit: Emit): void {
  const { cf } = use;
  cf.stages.forEach((stage, idx) => {
    const files = new Map<string, Copied[]>();
    const dirs: string[] = [];
    for (const c of stage.copies) {
      for (const src of c.sources) {
        const local = c.from === undefined ? join(use.context, src) : undefined;
        const isDir = /[*?[]/.test(src) || src === "." || src.endsWith("/") || (local !== undefined && existsSync(local) ? statSync(local).isDirectory() : !basename(src).includes("."));
        if (isDir) {
          dirs.push(c.dest);
          continue;
        }
        const dest = c.destIsDir ? posix.join(c.dest, basename(src)) : c.dest;
        const list = files.get(basename(dest)) ?? [];
        list.push({ file: dest, line: c.line });
        files.set(basename(dest), list);
      }
    }
    if (files.size === 0) return;
    const uses = cf.instructions.filter((i) => i.stage === idx && (i.keyword === "RUN" || i.keyword === "CMD" || i.keyword === "ENTRYPOINT" || i.keyword === "HEALTHCHECK"));
    const created = new Set<string>();
    for (const inst of uses) {
      if (inst.keyword === "RUN" && /\b(cp|mv|ln|install|touch|tee)\b|>/.test(inst.args)) for (const p of paths(inst)) created.add(p);
    }
    const reported = new Set<string>();
    for (const inst of uses) {
      for (const p of paths(inst)) {
        const copies = files.get(basename(p));
        if (!copies || created.has(p) || reported.has(p)) continue;
        const earlier = copies.filter((c) => c.line < inst.line);
        if (earlier.length === 0 || earlier.some((c) => c.file === p)) continue;
        if (dirs.some((d) => p.startsWith(`${posix.normalize(d).replace(/\/$/, "")}/`))) continue;
        reported.add(p);
        const c = earlier[earlier.length - 1] as Copied;
        emit({
          rule: "cf-path-mismatch", file: cf.file, line: inst.line, service: use.services[0]?.name,
          message: `${inst.keyword} uses ${p}, but ${basename(p)} was copied to ${c.file} (line ${c.line})`,
          fix: `use ${c.file}, or copy the file to ${p}`,
        });
      }
    }
  });
}

/** Absolute paths an instruction mentions, relative words resolved against its WORKDIR when they name a file. */
function paths(inst: Instruction): string[] {
  const text = inst.keyword === "HEALTHCHECK" ? inst.args.replace(/^\s*CMD\s+/i, "") : inst.args;
  const out = new Set<string>();
  for (const w of expandWords(words(text))) {
    for (const m of w.replace(/\w+:\/\/\S*/g, "").matchAll(/(?:^|[=:"'\s])(\/[\w.@+/-]*[\w])/g)) if (m[1]) out.add(posix.normalize(m[1]));
    if (/^[\w.-]+\.[A-Za-z0-9]+$/.test(w) && inst.keyword !== "RUN") out.add(posix.resolve(inst.workdir, w));
  }
  return [...out];
}

// On-disk corpus layout: <dir>/manifest.json plus one <id>.txt per document (title line, blank line, text).
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GENERATOR_VERSION, corpusChecksum, type CorpusDoc } from "./corpus.ts";

export interface Manifest {
  generator_version: number;
  count: number;
  seed: number;
  checksum: string;
  ids: string[];
}

export function renderDoc(doc: CorpusDoc): string {
  return `${doc.title}\n\n${doc.text}\n`;
}

export function parseDoc(id: string, content: string): CorpusDoc {
  const [title = "", ...rest] = content.split("\n");
  return { id, title: title.trim(), text: rest.join("\n").trim() };
}

export async function writeCorpus(dir: string, docs: readonly CorpusDoc[], seed: number): Promise<Manifest> {
  await mkdir(dir, { recursive: true });
  await Promise.all(docs.map((doc) => writeFile(join(dir, `${doc.id}.txt`), renderDoc(doc))));
  const manifest: Manifest = { generator_version: GENERATOR_VERSION, count: docs.length, seed, checksum: corpusChecksum(docs), ids: docs.map((d) => d.id) };
  await writeFile(join(dir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/** Reads a shipped corpus; throws if the manifest is missing or the files do not match it. */
export async function readCorpus(dir: string): Promise<{ manifest: Manifest; docs: CorpusDoc[] }> {
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as Manifest;
  const docs = await Promise.all(manifest.ids.map(async (id) => parseDoc(id, await readFile(join(dir, `${id}.txt`), "utf8"))));
  const checksum = corpusChecksum(docs);
  if (checksum !== manifest.checksum) throw new Error(`corpus in ${dir} does not match its manifest (checksum ${checksum} != ${manifest.checksum})`);
  return { manifest, docs };
}

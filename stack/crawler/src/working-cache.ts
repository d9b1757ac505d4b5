// The crawler's scratch space on CACHE_DIR (a tmpfs in the stack): the parsed corpus with its
// keywords, and the progress of the last pass. Losing it costs nothing; failing to write it is reported.
import { mkdir, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CorpusDoc } from "./corpus.ts";
import { keywords } from "./keywords.ts";
import type { Progress } from "./progress.ts";

export class WorkingCache {
  error: string | undefined;

  constructor(private readonly dir: string) {}

  async writeParsed(docs: readonly CorpusDoc[]): Promise<void> {
    await this.write("parsed-corpus.json", docs.map((d) => ({ id: d.id, title: d.title, keywords: keywords(`${d.title} ${d.text}`) })));
  }

  async writeProgress(progress: Readonly<Progress>): Promise<void> {
    await this.write("progress.json", progress);
  }

  private async write(name: string, value: unknown): Promise<void> {
    try {
      await mkdir(this.dir, { recursive: true });
      const path = join(this.dir, name);
      await writeFile(`${path}.tmp`, JSON.stringify(value));
      await rename(`${path}.tmp`, path);
      this.error = undefined;
    } catch (error) {
      this.error = (error as Error).message;
    }
  }
}

// Build-time entry point: `node dist/generate-corpus.js <dir> [count] [seed]`.
import { generateCorpus } from "./corpus.ts";
import { writeCorpus } from "./corpus-files.ts";

const [dir = "corpus", countArg = "300", seedArg = "42"] = process.argv.slice(2);
const count = Number(countArg);
const seed = Number(seedArg);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || seed < 0) {
  process.stderr.write("usage: generate-corpus <dir> [count>=1] [seed>=0]\n");
  process.exit(2);
}
const manifest = await writeCorpus(dir, generateCorpus(count, seed), seed);
process.stdout.write(`wrote ${manifest.count} documents to ${dir} (seed ${seed}, sha256 ${manifest.checksum})\n`);

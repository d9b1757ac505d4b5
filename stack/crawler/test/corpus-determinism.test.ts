import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusChecksum, docId, generateCorpus, prng } from "../src/corpus.ts";
import { parseDoc, readCorpus, renderDoc, writeCorpus } from "../src/corpus-files.ts";

// Pinned: the image build and every test that names expected documents rely on this exact corpus.
const DEFAULT_CHECKSUM = "fc4d1145315b6f93bc4f223502a146c8cd7f687ed2529d8dcdab2a69e23fcd0d";

describe("generateCorpus", () => {
  it("produces the pinned 300-document corpus for seed 42", () => {
    const docs = generateCorpus(300, 42);
    expect(docs).toHaveLength(300);
    expect(docs[0]!.id).toBe("0001");
    expect(docs[299]!.id).toBe("0300");
    expect(corpusChecksum(docs)).toBe(DEFAULT_CHECKSUM);
  });

  it("is deterministic and seed-dependent", () => {
    expect(generateCorpus(20, 7)).toEqual(generateCorpus(20, 7));
    expect(corpusChecksum(generateCorpus(20, 7))).not.toBe(corpusChecksum(generateCorpus(20, 8)));
  });

  it("makes small documents with a title and several sentences", () => {
    for (const doc of generateCorpus(50, 42)) {
      expect(doc.title.length).toBeGreaterThan(5);
      expect(doc.text.split(". ").length).toBeGreaterThanOrEqual(3);
      expect(doc.text.length).toBeLessThan(1000);
    }
  });

  it("uses a PRNG in [0, 1)", () => {
    const next = prng(1);
    for (let i = 0; i < 1000; i += 1) {
      const value = next();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
    expect(docId(41)).toBe("0042");
  });
});

describe("corpus files", () => {
  it("render and parse back to the same document", () => {
    const doc = generateCorpus(1, 42)[0]!;
    expect(parseDoc(doc.id, renderDoc(doc))).toEqual(doc);
  });

  it("write and read back with a verified manifest, and refuse a tampered file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "corpus-"));
    try {
      const docs = generateCorpus(5, 3);
      const manifest = await writeCorpus(dir, docs, 3);
      expect(manifest).toMatchObject({ count: 5, seed: 3, ids: ["0001", "0002", "0003", "0004", "0005"] });
      await expect(readCorpus(dir)).resolves.toEqual({ manifest, docs });
      await writeFile(join(dir, "0003.txt"), "Tampered\n\ntext\n");
      await expect(readCorpus(dir)).rejects.toThrow(/does not match its manifest/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

import { describe, expect, it } from "vitest";
import { generateCorpus } from "../src/corpus.ts";
import { MARKER_KEY, chunk, docWrite, docsToWrite, parseMarker } from "../src/ingest-plan.ts";

const docs = generateCorpus(6, 42);

describe("docsToWrite", () => {
  it("writes only the missing docs when the marker matches", () => {
    const present = [true, false, true, true, false, true];
    expect(docsToWrite(docs, present, true).map((d) => d.id)).toEqual(["0002", "0005"]);
  });

  it("writes nothing once everything is present", () => {
    expect(docsToWrite(docs, docs.map(() => true), true)).toEqual([]);
  });

  it("rewrites everything when the marker is gone (the index may have been wiped)", () => {
    expect(docsToWrite(docs, docs.map(() => true), false)).toHaveLength(6);
  });

  it("converges: after writing what a pass planned, the next pass plans nothing", () => {
    const redis = new Set(["0001", "0004"]);
    const present = () => docs.map((d) => redis.has(d.id));
    for (const doc of docsToWrite(docs, present(), true)) redis.add(doc.id);
    expect(docsToWrite(docs, present(), true)).toEqual([]);
  });
});

describe("docWrite", () => {
  it("writes the hash the api reads and one index key per keyword", () => {
    const write = docWrite({ id: "0007", title: "Tmpfs mounts", text: "The tmpfs volume restores." }, "2025-01-01T00:00:00.000Z");
    expect(write).toEqual({
      docKey: "doc:0007",
      hash: { id: "0007", title: "Tmpfs mounts", text: "The tmpfs volume restores.", source: "corpus", ingested_at: "2025-01-01T00:00:00.000Z" },
      indexKeys: ["idx:tmpfs", "idx:mounts", "idx:volume", "idx:restores"],
    });
  });
});

describe("helpers", () => {
  it("chunks in order", () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
  });

  it("parses the marker or returns null", () => {
    expect(MARKER_KEY).toBe("crawler:corpus");
    expect(parseMarker('{"checksum":"abc","count":300}')).toEqual({ checksum: "abc", count: 300 });
    expect(parseMarker(null)).toBeNull();
    expect(parseMarker("{bad")).toBeNull();
    expect(parseMarker('{"checksum":1}')).toBeNull();
  });
});

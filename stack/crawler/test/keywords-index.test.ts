import { describe, expect, it } from "vitest";
import { docKey, indexKey, keywords } from "../src/keywords.ts";

// The same vector is pinned in stack/api/test/keywords-index.test.ts: both services must agree.
const SAMPLE = "The Resilient tmpfs, and the tmpfs MOUNT near a 2nd podman-rootless node; it is ok?";
const EXPECTED = ["resilient", "tmpfs", "mount", "near", "2nd", "podman", "rootless", "node"];

describe("keywords", () => {
  it("lower-cases, splits on non-alphanumerics, drops short words and stopwords, de-duplicates", () => {
    expect(keywords(SAMPLE)).toEqual(EXPECTED);
  });

  it("stops at the limit", () => {
    expect(keywords(SAMPLE, 3)).toEqual(EXPECTED.slice(0, 3));
  });

  it("names the keys the api reads", () => {
    expect(indexKey("tmpfs")).toBe("idx:tmpfs");
    expect(docKey("0042")).toBe("doc:0042");
  });
});

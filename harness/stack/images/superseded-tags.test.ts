import { describe, expect, it } from "vitest";
import { supersededTags } from "./superseded-tags.ts";

describe("supersededTags", () => {
  it("picks the other tags of the same repository, never latest nor other repositories", () => {
    const tags = [
      "localhost/xnai-reference-api:3ba78eae1205",
      "localhost/xnai-reference-api:bbfa8c908f4d",
      "localhost/xnai-reference-api:latest",
      "localhost/xnai-reference-api-extra:bbfa8c908f4d",
      "localhost/xnai-reference-inference:7066d6515491",
      "localhost:5000/xnai-reference-api:1",
    ];
    expect(supersededTags("localhost/xnai-reference-api:3ba78eae1205", tags)).toEqual(["localhost/xnai-reference-api:bbfa8c908f4d"]);
  });
});

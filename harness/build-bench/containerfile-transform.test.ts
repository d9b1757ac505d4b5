import { describe, expect, it } from "vitest";
import { cacheMountsOf, withCacheIds, withoutCacheMounts, withRunLabel } from "./containerfile-transform.ts";
import { installCommandOf } from "./build-bench.ts";

const file = `ARG BASE_IMAGE=x
FROM \${BASE_IMAGE} AS build
RUN --mount=type=cache,target=/root/.npm,sharing=locked \\
    npm ci --prefer-offline
RUN --mount=type=cache,id=apt,target=/var/cache/apt apt-get update
FROM \${BASE_IMAGE}
COPY --from=build /app /app
`;

describe("Containerfile transforms", () => {
  it("finds every cache mount with its target and id", () => {
    expect(cacheMountsOf(file).map((m) => [m.target, m.id])).toEqual([["/root/.npm", undefined], ["/var/cache/apt", "apt"]]);
  });

  it("gives every cache mount a run-unique id that keeps distinct caches distinct", () => {
    const out = withCacheIds(file, "bench-1");
    expect(cacheMountsOf(out).map((m) => m.id)).toEqual(["bench-1-root-.npm", "bench-1-apt"]);
    expect(out).toContain("--mount=type=cache,id=bench-1-root-.npm,target=/root/.npm,sharing=locked \\\n    npm ci");
    expect(withCacheIds(file, "bench-2")).not.toBe(out);
  });

  it("removes cache mounts and keeps the commands and line continuations valid", () => {
    const out = withoutCacheMounts(file);
    expect(cacheMountsOf(out)).toEqual([]);
    expect(out).toContain("RUN \\\n    npm ci --prefer-offline");
    expect(out).toContain("RUN apt-get update");
  });

  it("labels every stage right after its FROM", () => {
    const out = withRunLabel(file, "r1", "api-1");
    expect(out.match(/^LABEL io\.xnai\.bench\.run="r1" io\.xnai\.bench\.build="api-1"$/gm)).toHaveLength(2);
    expect(out.split("\n")[2]).toMatch(/^LABEL /);
  });

  it("matches the install step with and without its mount", () => {
    const cmd = installCommandOf(file)!;
    expect(cmd.test("STEP 4/9: RUN --mount=type=cache,id=x,target=/root/.npm,sharing=locked     npm ci --prefer-offline")).toBe(true);
    expect(cmd.test("STEP 4/9: RUN npm ci --prefer-offline")).toBe(true);
    expect(cmd.test("STEP 5/9: RUN npx tsc -p tsconfig.json")).toBe(false);
    expect(installCommandOf("FROM x\nRUN make\n")).toBeUndefined();
  });
});

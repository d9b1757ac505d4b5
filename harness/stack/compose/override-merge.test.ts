import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { mergeOverride, loadComposeVariant } from "./override.ts";

describe("compose overrides", () => {
  it("merges maps, replaces lists and deletes on null", () => {
    const base = { services: { a: { image: "x", tmpfs: ["/data"], environment: { A: "1", B: "2" } } } };
    const over = { services: { a: { tmpfs: ["/other"], environment: { B: null, C: "3" } } } };
    expect(mergeOverride(base, over)).toEqual({ services: { a: { image: "x", tmpfs: ["/other"], environment: { A: "1", C: "3" } } } });
  });

  it("loads the reference stack with redis data moved from tmpfs to a volume", () => {
    const file = join(import.meta.dirname, "../../../stack/compose.yaml");
    const model = loadComposeVariant(file, {
      services: { redis: { tmpfs: ["/var/lib/redis-acl:size=1m,mode=1777"], volumes: ["redis-data:/data:U"] } },
      volumes: { "redis-data": {} },
    });
    const redis = model.services.redis!;
    expect(redis.mounts.filter((m) => m.kind === "tmpfs").map((m) => m.target)).toEqual(["/var/lib/redis-acl"]);
    expect(redis.mounts.find((m) => m.target === "/data")).toMatchObject({ kind: "volume", source: "redis-data", chown: true });
    // anchors from x-hardening are resolved into each service
    expect(redis.user).toBe("10001:10001");
    expect(redis.readOnly).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { parseCompose } from "../stack/compose/load.ts";
import { checkInterposerRequest, interposeEnvironment } from "./interposer.ts";

const compose = `
services:
  api:
    image: x
    environment:
      REDIS_HOST: redis
      REDIS_PORT: "6379"
      INFERENCE_URL: http://inference:8080
      REDIS_USERNAME: redis_user
      NOTE: inference-engine
  redis: { image: x }
  inference: { image: x }
`;

describe("interposeEnvironment", () => {
  const model = parseCompose(compose, "/tmp/compose.yaml", { mode: "strict" });
  const req = { client: "api", aliasPrefix: "via-", links: [{ service: "redis", port: 6379 }, { service: "inference", port: 8080 }] };
  it("renames host tokens of linked services only", () => {
    const { rewritten, override } = interposeEnvironment(model, "api", req);
    expect(Object.keys(rewritten).sort()).toEqual(["INFERENCE_URL", "REDIS_HOST"]);
    expect(override).toEqual({ services: { api: { environment: { REDIS_HOST: "via-redis", INFERENCE_URL: "http://via-inference:8080" } } } });
  });
  it("rejects two links on one port", () => {
    expect(() => checkInterposerRequest({ client: "c", aliasPrefix: "x", links: [{ service: "a", port: 80 }, { service: "b", port: 80 }] })).toThrow(/port 80/);
  });
});

// Isolation, Redis, api and volatility verdicts on synthetic input, failing cases included.
import { describe, expect, it } from "vitest";
import { judgeMarkerVisibility, judgePublishedPorts, judgeReach } from "./isolation-judges.ts";
import { judgeAppCommand, judgeSecretExposure, judgeUnauthenticated } from "./redis-judges.ts";
import { judgeAuditTrail, judgeAuthRefused, judgeBadInput } from "./api-judges.ts";
import { judgeScratchGone, judgeSecretMounts } from "./volatility-checks.ts";
import { judgeLogSecrets } from "./log-checks.ts";
import { secretsIn } from "./secrets.ts";

describe("isolation verdicts", () => {
  it("tmpfs-isolation fails when another service's marker is visible or the own one is not", () => {
    expect(judgeMarkerVisibility("api", ["m-api"], ["m-api"], []).ok).toBe(true);
    expect(judgeMarkerVisibility("api", ["m-api"], ["m-api", "m-redis"], []).ok).toBe(false);
    expect(judgeMarkerVisibility("api", ["m-api"], [], []).ok).toBe(false);
    expect(judgeMarkerVisibility("api", [], [], ["/tmp: Permission denied"]).ok).toBe(false);
  });

  it("published-ports allows only the gateway", () => {
    expect(judgePublishedPorts("gateway", ["8080/tcp -> 0.0.0.0:1234"], "gateway").ok).toBe(true);
    expect(judgePublishedPorts("redis", ["6379/tcp -> 0.0.0.0:1234"], "gateway").ok).toBe(false);
    expect(judgePublishedPorts("redis", [], "gateway").ok).toBe(true);
  });

  it("reach verdicts need a probe that ran, and the allowed outcome", () => {
    expect(judgeReach("no-egress", "redis", "canary", false, { connected: false, outcome: "ENETUNREACH", ran: true }).ok).toBe(true);
    expect(judgeReach("no-egress", "redis", "canary", false, { connected: true, outcome: "connected", ran: true }).ok).toBe(false);
    expect(judgeReach("no-egress", "redis", "canary", false, { connected: false, outcome: "no node in image", ran: false }).ok).toBe(false);
    expect(judgeReach("crawler-reach", "crawler", "redis:6379", true, { connected: false, outcome: "ECONNREFUSED", ran: true }).ok).toBe(false);
  });
});

describe("Redis verdicts", () => {
  it("redis-noauth", () => {
    expect(judgeUnauthenticated("redis", "PING", { ok: false, error: "NOAUTH Authentication required." }).ok).toBe(true);
    expect(judgeUnauthenticated("redis", "PING", { ok: true, value: "PONG" }).ok).toBe(false);
    expect(judgeUnauthenticated("redis", "PING", { ok: false, error: "ECONNREFUSED" }).ok).toBe(false);
  });

  it("redis-app-acl accepts NOPERM, or a refusal the ACL confirms; never an allowed command", () => {
    const denied = { ok: true as const, value: "\"This user has no permissions to run the 'debug' command\"" };
    expect(judgeAppCommand("redis", "FLUSHALL", denied, { ok: false, error: "NOPERM no permissions" }).ok).toBe(true);
    expect(judgeAppCommand("redis", "DEBUG SLEEP 0", denied, { ok: false, error: "ERR DEBUG command not allowed" }).ok).toBe(true);
    expect(judgeAppCommand("redis", "DEBUG SLEEP 0", { ok: true, value: '"OK"' }, { ok: false, error: "ERR DEBUG command not allowed" }).ok).toBe(false);
    expect(judgeAppCommand("redis", "FLUSHALL", { ok: true, value: '"OK"' }, undefined).ok).toBe(false);
    expect(judgeAppCommand("redis", "FLUSHALL", undefined, { ok: true, value: "OK" }).ok).toBe(false);
  });

  it("secrets-not-exposed names the secret and the place, never the value", () => {
    const secrets = { redis_password: "s3cret-value-123456" };
    expect(secretsIn("node main.js --password s3cret-value-123456", secrets)).toEqual(["redis_password"]);
    expect(secretsIn("node main.js", secrets)).toEqual([]);
    const r = judgeSecretExposure("api", { "process args/environments": ["redis_password"], "Config.Env": [] });
    expect(r.ok).toBe(false);
    expect(r.found).not.toContain("s3cret");
    expect(judgeSecretExposure("api", { "Config.Env": [] }).ok).toBe(true);
  });

  it("secrets-in-logs fails on any secret in a log, naming it, never showing it", () => {
    const secrets = { api_key: "k3y-value-abcdef123456" };
    const leaked = judgeLogSecrets("gateway", secretsIn('{"headers":{"X-Api-Key":["k3y-value-abcdef123456"]}}', secrets), 12);
    expect(leaked).toMatchObject({ ok: false, check: "secrets-in-logs", service: "gateway", found: "its log contains the value of api_key" });
    expect(judgeLogSecrets("gateway", secretsIn('{"headers":{"X-Api-Key":"REDACTED"}}', secrets), 12)).toMatchObject({ ok: true, found: "no secret value in 12 log lines" });
  });
});

describe("api verdicts", () => {
  it("api-auth wants 401/403", () => {
    expect(judgeAuthRefused("api", "/query", "no key", 401).ok).toBe(true);
    expect(judgeAuthRefused("api", "/query", "no key", 200).ok).toBe(false);
    expect(judgeAuthRefused("api", "/query", "no key", "no answer (ECONNRESET)").ok).toBe(false);
  });
  it("api-input-4xx wants a 4xx, not a 5xx or no answer", () => {
    expect(judgeBadInput("api", "/query", "oversized", 413).ok).toBe(true);
    expect(judgeBadInput("api", "/query", "oversized", 500).ok).toBe(false);
    expect(judgeBadInput("api", "/query", "oversized", "no answer (socket hang up)").ok).toBe(false);
  });
  it("api-auth-audited wants an entry per refusal", () => {
    expect(judgeAuditTrail("api", "audit:auth", 6, 6).ok).toBe(true);
    expect(judgeAuditTrail("api", "audit:auth", 6, 2).ok).toBe(false);
  });
});

describe("volatility verdicts", () => {
  it("tmpfs-volatile fails when scratch data survives, nothing was written, or the service did not come back", () => {
    expect(judgeScratchGone("api", ["/tmp/x"], [], true).ok).toBe(true);
    expect(judgeScratchGone("api", ["/tmp/x"], ["/tmp/x"], true).ok).toBe(false);
    expect(judgeScratchGone("api", [], [], true).ok).toBe(false);
    expect(judgeScratchGone("api", ["/tmp/x"], [], false).ok).toBe(false);
  });
  it("secrets-in-tmpfs fails for a secret on the image's overlay", () => {
    expect(judgeSecretMounts("api", [{ target: "/run/secrets/k", fstype: "tmpfs" }]).ok).toBe(true);
    expect(judgeSecretMounts("api", [{ target: "/etc/k", fstype: "overlay" }]).ok).toBe(false);
  });
});

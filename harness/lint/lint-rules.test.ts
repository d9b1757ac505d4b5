import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintStack, RULES, type LintOptions, type RuleId } from "./index.ts";

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));

async function findings(file: string, rule: RuleId, options: LintOptions = {}) {
  const report = await lintStack(fixture(file), { variables: {}, ...options });
  return report.findings.filter((f) => f.ruleId === rule).map((f) => ({ line: f.line, service: f.service, severity: f.severity, message: f.message }));
}

type Case = { fail: string; lines: number[]; pass: string; failOptions?: LintOptions; passOptions?: LintOptions; severity?: "error" | "warning" };

/** Every compose rule: the failing fixture reports exactly these lines, the passing one nothing. */
const CASES: Partial<Record<RuleId, Case>> = {
  "compose-unsupported": { fail: "compose-unsupported.fail.yaml", lines: [4], pass: "compose-unsupported.pass.yaml" },
  "compose-invalid": { fail: "compose-invalid.fail.yaml", lines: [4], pass: "compose-invalid.pass.yaml" },
  "variable-unset": { fail: "variable-unset.fail.yaml", lines: [3], pass: "variable-unset.pass.yaml" },
  "variable-required-unset": { fail: "variable-required-unset.fail.yaml", lines: [3], pass: "variable-required-unset.pass.yaml", passOptions: { variables: { LINT_TAG: "1.36" } } },
  "mount-overlap": { fail: "mount-overlap.fail.yaml", lines: [5], pass: "mount-overlap.pass.yaml" },
  "tmpfs-mode-not-writable": { fail: "tmpfs-mode-not-writable.fail.yaml", lines: [6], pass: "tmpfs-mode-not-writable.pass.yaml" },
  "tmpfs-size-missing": { fail: "tmpfs-size-missing.fail.yaml", lines: [4], pass: "tmpfs-size-missing.pass.yaml" },
  "tmpfs-exceeds-memory-limit": { fail: "tmpfs-exceeds-memory-limit.fail.yaml", lines: [6], pass: "tmpfs-exceeds-memory-limit.pass.yaml" },
  "volume-uid-mismatch": { fail: "volume-uid-mismatch.fail.yaml", lines: [6], pass: "volume-uid-mismatch.pass.yaml" },
  "user-subordinate-uid": { fail: "user-subordinate-uid.fail.yaml", lines: [4], pass: "user-subordinate-uid.pass.yaml" },
  "volume-spec-malformed": { fail: "volume-spec-malformed.fail.yaml", lines: [5, 6, 7], pass: "volume-spec-malformed.pass.yaml" },
  "relabel-private-shared": { fail: "relabel-private-shared.fail.yaml", lines: [5], pass: "relabel-private-shared.pass.yaml" },
  "secret-on-command-line": { fail: "secret-on-command-line.fail.yaml", lines: [4, 5], pass: "secret-on-command-line.pass.yaml" },
  "secret-in-environment": { fail: "secret-in-environment.fail.yaml", lines: [5], pass: "secret-in-environment.pass.yaml" },
  "port-on-internal-network": { fail: "port-on-internal-network.fail.yaml", lines: [4], pass: "port-on-internal-network.pass.yaml" },
  "datastore-port-published": { fail: "datastore-port-published.fail.yaml", lines: [4, 7], pass: "datastore-port-published.pass.yaml" },
  "redis-maxmemory-headroom": { fail: "redis-maxmemory-headroom.fail.yaml", lines: [4], pass: "redis-maxmemory-headroom.pass.yaml" },
  "healthcheck-missing": { fail: "healthcheck-missing.fail.yaml", lines: [5], pass: "healthcheck-missing.pass.yaml" },
  "healthcheck-target-mismatch": { fail: "healthcheck-target-mismatch.fail.yaml", lines: [4, 9, 13], pass: "healthcheck-target-mismatch.pass.yaml" },
  privileged: { fail: "privileged.fail.yaml", lines: [4], pass: "privileged.pass.yaml" },
  "cap-add-not-allowed": { fail: "cap-add-not-allowed.fail.yaml", lines: [4], pass: "cap-add-not-allowed.pass.yaml" },
  "cap-drop-missing": { fail: "minimal.yaml", lines: [2], pass: "hardened.pass.yaml" },
  "no-new-privileges-missing": { fail: "minimal.yaml", lines: [2], pass: "hardened.pass.yaml" },
  "stateless-writable-rootfs": { fail: "minimal.yaml", lines: [2], pass: "hardened.pass.yaml", failOptions: { stateless: ["app"] }, passOptions: { stateless: ["app"] } },
  "profile-unknown-service": { fail: "minimal.yaml", lines: [1], pass: "minimal.yaml", failOptions: { stateless: ["ghost"] }, passOptions: { stateless: ["app"] } },
  "bind-host-tmp": { fail: "bind-host-tmp.fail.yaml", lines: [5], pass: "bind-host-tmp.pass.yaml" },
  "bind-outside-project": { fail: "bind-outside-project.fail.yaml", lines: [5, 6], pass: "bind-outside-project.pass.yaml" },
  "cf-missing": { fail: "cf-missing.fail.yaml", lines: [3], pass: "cf-missing.pass.yaml" },
};

describe("compose lint rules", () => {
  for (const [rule, c] of Object.entries(CASES) as Array<[RuleId, Case]>) {
    it(`${rule}: flags the failing fixture and passes the passing one`, async () => {
      const bad = await findings(c.fail, rule, c.failOptions);
      expect(bad.map((f) => f.line)).toEqual(c.lines);
      for (const f of bad) {
        expect(f.severity).toBe(RULES[rule].severity);
        expect(f.message).not.toContain("\n");
      }
      expect(await findings(c.pass, rule, c.passOptions)).toEqual([]);
    });
  }

  it("volume-uid-mismatch is only a warning for services that are not datastores", async () => {
    expect(await findings("volume-uid-mismatch.warning.yaml", "volume-uid-mismatch")).toMatchObject([{ line: 6, severity: "warning" }]);
  });

  it("tmpfs-mode-not-writable takes the user from the image's USER when the service sets none", async () => {
    const bad = await findings("tmpfs-mode-image-user.fail.yaml", "tmpfs-mode-not-writable");
    expect(bad).toMatchObject([{ line: 5, message: expect.stringContaining("user 1000") }]);
  });

  it("redis-maxmemory-headroom reads maxmemory from a bind-mounted redis.conf and from one copied in the build context (Redis started by a script)", async () => {
    const report = await lintStack(fixture("redis-maxmemory-conf.fail.yaml"), { variables: {} });
    const hits = report.findings.filter((f) => f.ruleId === "redis-maxmemory-headroom");
    expect(hits.map((f) => [f.service, f.file, f.line])).toEqual([
      ["cache", fixture("redis-build/redis.conf"), 1],
      ["redis", fixture("redis-conf/redis.conf"), 3],
    ]);
  });

  it("cap-add-not-allowed honours a profile allow list", async () => {
    expect(await findings("cap-add-not-allowed.fail.yaml", "cap-add-not-allowed", { capAllowList: ["NET_BIND_SERVICE", "SYS_ADMIN", "NET_ADMIN"] })).toEqual([]);
  });

  it("volume-spec-malformed suggests the colon", async () => {
    const report = await lintStack(fixture("volume-spec-malformed.fail.yaml"), { variables: {} });
    expect(report.findings.find((f) => f.ruleId === "volume-spec-malformed")?.fix).toBe('write "./models:/models:U"');
  });

  it("every rule in the catalogue has a test above or in lint-containerfile.test.ts", () => {
    const covered = new Set([...Object.keys(CASES), "cf-cache-mount-owner", "cf-install-without-cache", "cf-no-user", "cf-path-mismatch"]);
    expect(Object.keys(RULES).filter((r) => !covered.has(r))).toEqual([]);
  });
});

// Whatever the launcher cannot honour comes back as a finding naming the service and the key.
import { describe, expect, it } from "vitest";
import { featuresModel, specOf } from "./fixtures/features-spec.ts";

const keysOf = (findings: Array<{ service: string; key: string }>) => findings.map((f) => `${f.service} ${f.key}`).sort();

describe("buildServiceSpec findings", () => {
  it("reports unpublished udp ports, an ignored host_ip, stop_grace_period and service_completed_successfully", () => {
    const web = specOf("web");
    expect(keysOf(web.findings)).toEqual(["web depends_on", "web ports", "web ports", "web stop_grace_period"]);
    expect(web.findings.find((f) => f.message.includes("9053:53/udp"))?.message).toMatch(/not published/);
    expect(web.findings.find((f) => f.message.includes("127.0.0.1"))?.message).toMatch(/host_ip 127\.0\.0\.1 is not applied/);
    expect(web.findings.find((f) => f.key === "depends_on")?.message).toMatch(/^migrate: service_completed_successfully/);
  });

  it("reports a replaced container_name", () => {
    expect(specOf("cache").findings).toEqual([{ service: "cache", key: "container_name", message: expect.stringMatching(/fixed-cache/) }]);
  });

  it("reports a variable without value instead of passing an empty one", () => {
    const db = specOf("db", { model: featuresModel({}) });
    expect(db.findings).toEqual([{ service: "db", key: "environment", message: "FROM_SHELL has no value and is not passed" }]);
    expect(db.createOpts.Env?.some((e) => e.startsWith("FROM_SHELL="))).toBe(false);
  });

  it("reports memory and cpu limits on an engine that does not enforce them, and nothing where it does", () => {
    expect(keysOf(specOf("db", { memoryLimitsEnforced: false }).findings)).toEqual(["db deploy.resources.limits.cpus", "db deploy.resources.limits.memory"]);
    expect(specOf("db", { memoryLimitsEnforced: true }).findings).toEqual([]);
  });

  it("reports bind mounts on a remote engine", () => {
    const binds = specOf("db", { remoteEngine: true }).findings.filter((f) => f.key === "volumes");
    expect(binds).toHaveLength(3);
    expect(binds[0]?.message).toMatch(/remote engine's host/);
  });

  it("reports volume options it does not apply", () => {
    const model = featuresModel();
    model.services.db!.mounts.find((m) => m.target === "/var/lib/db")!.options.push("nocopy");
    expect(specOf("db", { model }).findings).toEqual([{ service: "db", key: "volumes", message: "dbdata:/var/lib/db:U: option(s) nocopy are not applied" }]);
  });

  it("keeps the loader's findings (an unset variable) for the launch report", () => {
    expect(featuresModel().findings.map((f) => [f.kind, f.service, f.key, f.variable])).toEqual([["unset-variable", "migrate", "environment", "NOT_DEFINED_ANYWHERE"]]);
  });

  it("fails, naming the file, service and key, on a bind source that does not exist or an undeclared network", () => {
    const model = featuresModel();
    model.services.db!.mounts.find((m) => m.target === "/etc/db")!.source = "/nonexistent/conf";
    expect(() => specOf("db", { model })).toThrow(/compose\.yaml: service 'db' volumes: bind source \/nonexistent\/conf does not exist/);
    const nets = featuresModel();
    nets.services.db!.networks = [{ name: "elsewhere", aliases: [], line: 1 }];
    expect(() => specOf("db", { model: nets })).toThrow(/service 'db' networks: 'elsewhere' is not declared/);
  });
});

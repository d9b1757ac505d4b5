// Each compose feature the launcher honours, read back from the create options it hands the engine.
import { describe, expect, it } from "vitest";
import { startOrder } from "../compose/index.ts";
import { buildArgsOf, dockerfileOf } from "../images/stack-images.ts";
import { featuresModel, featuresPath, specOf } from "./fixtures/features-spec.ts";

describe("buildServiceSpec: process", () => {
  it("passes entrypoint, interpolated command, user, working dir and hostname", () => {
    const { createOpts } = specOf("db");
    expect(createOpts.Entrypoint).toEqual(["/usr/bin/catatonit", "--"]);
    expect(createOpts.Cmd).toEqual(["db-server", "--port", "5432", "--flag", ""]);
    expect(createOpts.User).toBe("10001:10001");
    expect(createOpts.WorkingDir).toBe("/srv");
    expect(createOpts.Hostname).toBe("db-host");
  });

  it("merges env_file under environment, interpolates, unescapes $$ and takes bare names from the shell", () => {
    const env = specOf("db", { model: featuresModel({ FROM_SHELL: "shell-value", DB_PORT: "6000" }) }).createOpts.Env ?? [];
    expect(env).toEqual(expect.arrayContaining(["FROM_FILE=file-value", "OVERRIDDEN=from-environment", "DB_PORT=6000", "FROM_SHELL=shell-value", "PRICE=$5"]));
    expect(env).not.toContain("OVERRIDDEN=from-file");
  });

  it("labels the container with the run, the stack and the compose service", () => {
    expect(specOf("db").createOpts.Labels).toMatchObject({ "xnai.run": "run-unit", "xnai.stack": "features-test", "xnai.service": "db" });
    expect(specOf("db").createOpts.name).toBe("features-test-db");
  });
});

describe("buildServiceSpec: mounts and secrets", () => {
  it("turns short and long tmpfs into Tmpfs options with size and mode", () => {
    expect(specOf("db").hostConfig.Tmpfs).toEqual({
      "/run/db": "rw,size=16m,mode=1777",
      "/cache": "rw",
      "/scratch": `rw,size=${8 * 1024 * 1024},mode=1777`,
    });
  });

  it("binds named volumes by their engine name and keeps ro, Z, z and U", () => {
    const d = featuresPath("");
    expect(specOf("db").hostConfig.Binds).toEqual([
      "features-test_dbdata:/var/lib/db:U",
      `${d}conf:/etc/db:ro,Z`,
      `${d}models:/models:z`,
      `${d}conf:/etc/db-long:ro,Z`,
    ]);
    expect(specOf("db").hostConfig.Mounts).toEqual([{ Type: "volume", Target: "/var/anonymous", ReadOnly: false }]);
  });

  it("copies file secrets to /run/secrets/<name> and to a custom target, read-only for every UID", () => {
    const contents = specOf("db").contents;
    expect(contents.map((c) => [c.target, String(c.content), c.mode])).toEqual([
      ["/run/secrets/db_password", "fixture-secret\n", 0o444],
      ["/run/secrets/custom/db.pass", "fixture-secret\n", 0o444],
    ]);
  });
});

describe("buildServiceSpec: networks and ports", () => {
  it("attaches every network at create time with the service name and its aliases", () => {
    const db = specOf("db");
    expect(db.networkMode).toBe("features-test_backend");
    expect(db.createOpts.NetworkingConfig).toEqual({ EndpointsConfig: { "features-test_backend": { Aliases: ["db", "database", "primary-db"] } } });
    expect(Object.keys(specOf("web").createOpts.NetworkingConfig?.EndpointsConfig ?? {})).toEqual(["features-test_backend", "features-test_front"]);
    expect(specOf("migrate").createOpts.NetworkingConfig).toEqual({ EndpointsConfig: { "features-test_default": { Aliases: ["migrate"] } } });
  });

  it("supports network_mode none", () => {
    const cache = specOf("cache");
    expect(cache.networkMode).toBe("none");
    expect(cache.createOpts.NetworkingConfig).toBeUndefined();
  });

  it("publishes tcp ports: a random host port, or the fixed one asked for", () => {
    expect(specOf("web").hostConfig.PortBindings).toEqual({
      "8080/tcp": [{ HostPort: "0" }],
      "8081/tcp": [{ HostPort: "18081" }],
      "8082/tcp": [{ HostPort: "18082" }],
    });
  });
});

describe("buildServiceSpec: hardening, limits, restart", () => {
  it("applies cap_add/cap_drop, security_opt, read_only, init, ulimits and sysctls", () => {
    const { hostConfig } = specOf("db");
    expect(hostConfig.CapDrop).toEqual(["ALL"]);
    expect(hostConfig.CapAdd).toEqual(["NET_BIND_SERVICE", "CHOWN"]);
    expect(hostConfig.SecurityOpt).toEqual(["no-new-privileges:true", "label=disable"]);
    expect(hostConfig.ReadonlyRootfs).toBe(true);
    expect(hostConfig.Init).toBe(true);
    expect(hostConfig.Ulimits).toEqual([{ Name: "nofile", Soft: 1024, Hard: 2048 }]);
    expect(hostConfig.Sysctls).toEqual({ "net.core.somaxconn": "1024" });
    expect(hostConfig.DnsOptions).toEqual(["timeout:1"]);
    expect(specOf("web").hostConfig.DnsOptions).toBeUndefined();
  });

  it("sets deploy.resources.limits memory and cpus, and mem_limit", () => {
    expect(specOf("db").hostConfig).toMatchObject({ Memory: 256 * 1024 * 1024, NanoCpus: 500_000_000 });
    expect(specOf("cache").hostConfig.Memory).toBe(64 * 1024 * 1024);
  });

  it("maps restart policies, with a retry count for on-failure", () => {
    expect(specOf("db").hostConfig.RestartPolicy).toEqual({ Name: "on-failure", MaximumRetryCount: 3 });
    expect(specOf("web").hostConfig.RestartPolicy).toEqual({ Name: "unless-stopped", MaximumRetryCount: 0 });
    expect(specOf("cache").hostConfig.RestartPolicy).toEqual({ Name: "", MaximumRetryCount: 0 });
  });
});

describe("start order and readiness", () => {
  it("starts depends_on targets in earlier waves", () => {
    expect(startOrder(featuresModel())).toEqual([["cache", "db"], ["migrate"], ["web"]]);
  });

  it("waits on the compose healthcheck (CMD quoted for the shell, CMD-SHELL as written) within its retry budget", () => {
    const db = specOf("db");
    expect(db.healthcheckShell).toBe(`db-cli --ping 'it'\\''s alive'`);
    expect(db.waitCommand).toBe(db.healthcheckShell);
    expect(specOf("web").waitCommand).toBe("curl -fsS http://127.0.0.1:8080/health || exit 1");
    expect(db.startupTimeoutMs).toBeGreaterThanOrEqual(10_000 + 5 * (2_000 + 1_000));
  });

  it("waits for the first log line when there is no healthcheck", () => {
    expect(specOf("cache").healthcheckShell).toBeUndefined();
    expect(specOf("cache").waitCommand).toBeUndefined();
  });
});

describe("build", () => {
  it("passes build args and fills in BASE_IMAGE when the Containerfile declares it", () => {
    const web = featuresModel().services.web!;
    expect(dockerfileOf(web)).toBe("Containerfile");
    expect(buildArgsOf(web, "localhost/xnai-base:abc")).toEqual({ APP_VERSION: "2.1", BASE_IMAGE: "localhost/xnai-base:abc" });
  });

  it("keeps a BASE_IMAGE the compose file sets", () => {
    const model = featuresModel();
    model.services.web!.build!.args.BASE_IMAGE = "localhost/other:2";
    expect(buildArgsOf(model.services.web!, "localhost/xnai-base:abc").BASE_IMAGE).toBe("localhost/other:2");
  });
});

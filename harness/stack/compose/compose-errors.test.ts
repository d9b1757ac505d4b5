import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ComposeError, loadCompose, parseCompose, type ComposeErrorCode } from "./index.ts";

const fixture = (p: string) => fileURLToPath(new URL(`./fixtures/${p}`, import.meta.url));

function caught(fn: () => unknown): ComposeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ComposeError) return e;
    throw e;
  }
  throw new Error("expected a ComposeError");
}

const strict = (p: string) => () => loadCompose(fixture(p), { mode: "strict", variables: {} });

describe("ComposeError", () => {
  const cases: Array<[string, ComposeErrorCode, Record<string, unknown>, RegExp]> = [
    ["errors/not-yaml.yaml", "not-yaml", { line: 4 }, /not valid YAML at line 4: .+; fix the YAML syntax/],
    ["errors/not-compose.yaml", "not-compose", {}, /no `services:` map; add `services:`/],
    ["errors/no-image.yaml", "no-image-or-build", { service: "app", line: 2 }, /neither image nor build; add `image:` or `build:`/],
    ["errors/unknown-dependency.yaml", "unknown-dependency", { service: "app", key: "depends_on", line: 4 }, /unknown service "databse"; fix the name/],
    ["errors/cycle.yaml", "dependency-cycle", { service: "a", key: "depends_on" }, /cycle a -> b -> c -> a; remove one/],
    ["errors/required-variable.yaml", "missing-variable", { service: "app", key: "image", line: 3 }, /required variable TAG is not set: set TAG to the image tag; set TAG/],
    ["errors/missing-env-file.yaml", "unreadable-file", { service: "app", key: "env_file", line: 4 }, /cannot read env_file .*does-not-exist.env \(ENOENT\); create it/],
    ["errors/absent.yaml", "unreadable-file", {}, /cannot read compose file .*absent.yaml \(ENOENT\)/],
  ];
  for (const [file, code, fields, message] of cases) {
    it(`${code}: ${file}`, () => {
      const e = caught(strict(file));
      expect(e.code).toBe(code);
      expect(e).toMatchObject({ file: fixture(file), ...fields });
      expect(e.message).toMatch(message);
      expect(e.message).not.toContain("\n");
    });
  }

  it("serializes to JSON with file, service, key, line and message", () => {
    const e = caught(strict("errors/unknown-dependency.yaml"));
    expect(JSON.parse(JSON.stringify(e))).toEqual({
      name: "ComposeError", code: "unknown-dependency", file: fixture("errors/unknown-dependency.yaml"),
      service: "app", key: "depends_on", line: 4, message: e.message,
    });
    expect(String(e)).toMatch(/unknown-dependency.yaml:4 app\.depends_on: service app depends on unknown/);
  });

  it("tolerant mode turns validation errors into findings but still throws on unusable input", () => {
    for (const f of ["errors/no-image.yaml", "errors/unknown-dependency.yaml", "errors/cycle.yaml", "errors/missing-env-file.yaml"]) {
      const m = loadCompose(fixture(f), { mode: "tolerant" });
      expect(m.findings.filter((x) => x.kind === "invalid")).toHaveLength(1);
    }
    expect(caught(() => loadCompose(fixture("errors/not-yaml.yaml"), { mode: "tolerant" })).code).toBe("not-yaml");
    expect(caught(() => parseCompose("- a\n- b\n", "/x/compose.yaml")).code).toBe("not-compose");
  });
});

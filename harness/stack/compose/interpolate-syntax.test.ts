import { describe, expect, it } from "vitest";
import { interpolate, parseEnvFile } from "./interpolate.ts";

const vars = { SET: "v", EMPTY: "" };
const value = (s: string) => interpolate(s, vars).value;

describe("interpolate", () => {
  it("substitutes ${VAR} and $VAR", () => {
    expect(value("a-${SET}-$SET.b")).toBe("a-v-v.b");
  });
  it("${VAR:-default} applies when unset or empty, ${VAR-default} only when unset", () => {
    expect([value("${UNSET:-d}"), value("${EMPTY:-d}"), value("${SET:-d}")]).toEqual(["d", "d", "v"]);
    expect([value("${UNSET-d}"), value("${EMPTY-d}")]).toEqual(["d", ""]);
  });
  it("${VAR:?msg} fails when unset or empty, ${VAR?msg} only when unset", () => {
    expect(interpolate("${EMPTY:?need it}", vars).issues).toEqual([{ variable: "EMPTY", kind: "required", message: "required variable EMPTY is empty: need it" }]);
    expect(interpolate("${EMPTY?need it}", vars).issues).toEqual([]);
    expect(interpolate("${UNSET?need it}", vars).issues[0]?.kind).toBe("required");
  });
  it("${VAR:+alt} / ${VAR+alt} and nested defaults", () => {
    expect([value("${SET:+alt}"), value("${EMPTY:+alt}"), value("${EMPTY+alt}")]).toEqual(["alt", "", "alt"]);
    expect(value("${UNSET:-${SET}-x}")).toBe("v-x");
  });
  it("$$ escapes a dollar and a lone $ stays", () => {
    expect(value("$$SET costs $5 and $")).toBe("$SET costs $5 and $");
  });
  it("reports unset variables (value becomes empty) and every reference", () => {
    const r = interpolate("${A}/$B/${SET}", vars);
    expect(r.value).toBe("//v");
    expect(r.issues.map((i) => [i.variable, i.kind])).toEqual([["A", "unset"], ["B", "unset"]]);
    expect(r.referenced).toEqual(["A", "B", "SET"]);
  });
  it("reports syntax errors", () => {
    expect(interpolate("${1BAD}", vars).issues[0]?.kind).toBe("syntax");
    expect(interpolate("${OPEN", vars).issues[0]?.kind).toBe("syntax");
  });
});

describe("parseEnvFile", () => {
  it("reads KEY=VALUE lines with comments, export, quotes and inline comments", () => {
    const text = '# c\n\nA=1\nexport B=two\nC="x y"\nD=\'$raw\'\nE=val # note\nF\n';
    expect(parseEnvFile(text)).toEqual([
      { key: "A", value: "1", line: 3 },
      { key: "B", value: "two", line: 4 },
      { key: "C", value: "x y", line: 5 },
      { key: "D", value: "$raw", line: 6 },
      { key: "E", value: "val", line: 7 },
      { key: "F", value: undefined, line: 8 },
    ]);
  });
});

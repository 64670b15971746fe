import * as YAML from "yaml";
import { ConfigSource, parseIssue, pathSegments } from "../../config/source";

// Locating a config path in its file: the deepest node that exists, list indexes at and past the
// end, and the splitting of library lines into path and message.
function source(text: string): ConfigSource {
  const lines = new YAML.LineCounter();
  return new ConfigSource("c.yaml", YAML.parseDocument(text, { lineCounter: lines }), lines);
}
const TEXT = "project: p\nenvironments:\n  cloud:\n    zones:\n      - a\n      - b\n    size: 3\nlist: [x,\n  y]\n";

describe("ConfigSource.lineOf", () => {
  it("finds keys and list items, and stops at the deepest node that exists", () => {
    const s = source(TEXT);
    expect(s.lineOf("project")).toBe(1);
    expect(s.lineOf("environments.cloud.size")).toBe(7);
    expect(s.lineOf("environments.cloud.zones[0]")).toBe(5);
    expect(s.lineOf("environments.cloud.zones[1]")).toBe(6);
    expect(s.lineOf("environments.cloud.zones[2]")).toBe(4);
    expect(s.lineOf("environments.cloud.zones.x")).toBe(4);
    expect(s.lineOf("environments.cloud.size[0]")).toBe(7);
    expect(s.lineOf("list[1]")).toBe(9);
    expect(s.lineOf("environments.other")).toBe(2);
    expect(s.lineOf("")).toBe(1);
  });

  it("puts any path of an empty file on its first line", () => {
    // given: a document without contents
    const s = source("");
    // when
    const lines = [s.lineOf("project"), s.lineOf("environments.cloud"), s.lineOf("")];
    // then
    expect(lines).toEqual([1, 1, 1]);
  });

  it("stops at a list item when the next step is a name, and at a key when it is an index", () => {
    // given: a map key that reads as a number
    const s = source("m:\n  0: a\nl:\n  - k: v\n");
    // when / then
    expect(s.lineOf("m[0]")).toBe(1);
    expect(s.lineOf("l[0].k")).toBe(4);
    expect(s.lineOf("l.k")).toBe(3);
  });

  it("has no lines without a document or a line counter", () => {
    expect(new ConfigSource("c").lineOf("project")).toBeUndefined();
    expect(new ConfigSource("c", YAML.parseDocument(TEXT)).lineOf("project")).toBeUndefined();
    expect(new ConfigSource("c").format({ path: "project", message: "is bad" })).toBe("c: project: is bad");
    expect(source(TEXT).format({ path: "list[0]", message: "is bad" })).toBe("c.yaml:8: list[0]: is bad");
  });
});

describe("pathSegments", () => {
  it("splits names and multi-digit indexes", () => {
    expect(pathSegments("a.b[12].c[3]")).toEqual(["a", "b", 12, "c", 3]);
    expect(pathSegments("a[x]")).toEqual(["a", "x"]);
  });
});

describe("parseIssue", () => {
  it("splits a line that starts with a config path, messages over several lines included", () => {
    expect(parseIssue("environments.cloud-1.eks.cidrs[10]: is bad\nsee docs")).toEqual({
      path: "environments.cloud-1.eks.cidrs[10]",
      message: "is bad\nsee docs",
    });
    expect(parseIssue("[12].a_b: x")).toEqual({ path: "[12].a_b", message: "x" });
    expect(parseIssue("ab: ")).toEqual({ path: "ab", message: "" });
  });

  it("leaves other lines alone", () => {
    for (const line of [
      "1a: x",
      "a: b: c".replace("a: b", "a b"),
      "a.: x",
      "a[x]: y",
      "a[]: y",
      "a..b: x",
      "-a: x",
      "a:x",
      " a: x",
      "a!: x",
    ])
      expect(parseIssue(line)).toBeUndefined();
  });
});

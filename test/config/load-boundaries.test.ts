import * as YAML from "yaml";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { ErrorObject } from "ajv";
import { DEFAULT_CONFIG, formatSchemaErrors, parseConfig, readConfig } from "../../config/load";
import { ConfigSource } from "../../config/source";
import { set } from "../support";
import { configProblemsOf } from "../support/errors";

// The config loader at each boundary: every wording of a schema error (singular and plural limits,
// "a"/"an", each format), which error wins per path, string calls reported once, nested duplicate
// keys inside lists, and the normalized defaults.
const err = (keyword: string, instancePath: string, params: object, extra: Partial<ErrorObject> = {}): ErrorObject =>
  ({
    keyword,
    instancePath,
    schemaPath: `#/x/${keyword}`,
    params,
    message: `ajv says ${keyword}`,
    ...extra,
  }) as ErrorObject;
const issues = (errors: ErrorObject[], root: unknown) =>
  formatSchemaErrors(errors, root).map((i) => `${i.path}: ${i.message}`);

describe("formatSchemaErrors", () => {
  const root = {
    a: {
      list: [],
      map: {},
      dup: [1, 1],
      name: "x".repeat(5),
      n: 5,
      t: 1,
      kind: "vm",
      mode: "b",
      ip: "1.2.3",
      net: "x",
      uri: "y",
      tag: "Bad",
    },
  };

  it("words each keyword, with singular and plural limits", () => {
    expect(
      issues(
        [
          err("minItems", "/a/list", { limit: 1 }),
          err("minItems", "/a/dup", { limit: 3 }),
          err("minProperties", "/a/map", { limit: 1 }),
          err("minProperties", "/a", { limit: 20 }),
          err("uniqueItems", "/a/dup/1", { i: 1, j: 0 }),
          err("maxLength", "/a/name", { limit: 4 }),
          err("const", "/a/kind", { allowedValue: "eks" }),
          err("enum", "/a/mode", { allowedValues: ["a", 1] }),
          err("type", "/a/t", { type: "integer" }),
          err("type", "/a/n", { type: "string" }),
          err("minimum", "/a/n/0", { comparison: ">=", limit: 6 }),
          err("maximum", "/a/n/1", { comparison: "<=", limit: 4 }),
          err("format", "/a/ip", { format: "ipv4" }),
          err("format", "/a/net", { format: "cidr" }),
          err("format", "/a/uri", { format: "uri" }),
          err("pattern", "/a/tag", { pattern: "^[a-z]+$" }),
          err("oneOf", "/a/x", {}),
          err("if", "/a/y", {}),
          err("contains", "/a/z", {}),
        ],
        root,
      ),
    ).toEqual([
      "a.list: [] needs at least 1 item",
      "a.dup: [1,1] needs at least 3 items",
      "a.map: {} needs at least 1 entry",
      `a: ${JSON.stringify(root.a)} needs at least 20 entries`,
      "a.dup[1]: 1 has duplicate items",
      'a.name: "xxxxx" is longer than 4 characters',
      'a.kind: "vm" must be "eks"',
      'a.mode: "b" must be one of "a", 1',
      "a.t: 1 must be an integer",
      "a.n: 5 must be a string",
      "a.n[0]: undefined must be >= 6",
      "a.n[1]: undefined must be <= 4",
      'a.ip: "1.2.3" is not a valid IPv4 address',
      'a.net: "x" is not a valid CIDR',
      'a.uri: "y" is not a valid uri',
      'a.tag: "Bad" does not match ^[a-z]+$',
      "a.z: undefined ajv says contains",
    ]);
  });

  it("says what a DNS label, an image tag, a call and a reason look like, and falls back to ajv's words", () => {
    const r = { calls: [{ from: "a" }], s: [{ reason: " " }], p: "A", i: "t t" };
    expect(
      issues(
        [
          err("pattern", "/p", { pattern: "x" }, { schemaPath: "#/definitions/dnsLabel/pattern" }),
          err("pattern", "/i", { pattern: "x" }, { schemaPath: "#/definitions/imageTag/pattern" }),
          err("pattern", "/calls/0/from", { pattern: "x" }, { schemaPath: "#/properties/calls/items/oneOf/0/pattern" }),
          err(
            "pattern",
            "/s/0/reason",
            { pattern: "x" },
            { schemaPath: "#/properties/suppressions/items/properties/reason/pattern" },
          ),
          err("minimum", "/q", {}, { keyword: "minimum", params: { comparison: ">", limit: 0 } }),
          { keyword: "bogus", instancePath: "/m", schemaPath: "#", params: {} } as ErrorObject,
        ],
        r,
      ),
    ).toEqual([
      `p: "A" is not a DNS-1123 label (lower-case letters, digits and '-')`,
      `i: "t t" is not an image tag (letters, digits, '_', '.' and '-', at most 128) or a digest ("sha256:" and 64 hex digits)`,
      `calls[0].from: "a" is not a call; write "from -> to"`,
      `s[0].reason: " " is blank; a suppression needs a reason`,
      "q: undefined must be > 0",
      "m: undefined is invalid",
    ]);
  });

  it("keeps the first error of a path, and names root-level fields without a leading dot", () => {
    expect(
      issues(
        [
          err("type", "/a", { type: "object" }),
          err("minProperties", "/a", { limit: 1 }),
          err("required", "", { missingProperty: "project" }),
          err(
            "additionalProperties",
            "",
            { additionalProperty: "projekt" },
            { parentSchema: { properties: { project: {} } } },
          ),
        ],
        { a: 1 },
      ),
    ).toEqual(["a: 1 must be an object", "project: is required", 'projekt: unknown field; did you mean "project"?']);
    expect(issues([err("additionalProperties", "/x", { additionalProperty: "zzz" })], {})).toEqual([
      "x.zzz: unknown field",
    ]);
  });

  it("reports a string call once, as a call, and an object call field by field", () => {
    const r = { calls: ["a => b", { from: 1, to: "b" }] };
    expect(
      issues(
        [
          err("pattern", "/calls/0", { pattern: "x" }),
          err("type", "/calls/0", { type: "object" }),
          err("type", "/calls/1/from", { type: "string" }),
          err("type", "/calls/1", { type: "string" }),
        ],
        r,
      ),
    ).toEqual([
      'calls[0]: "a => b" is not a call; write "from -> to"',
      "calls[1].from: 1 must be a string",
      `calls[1]: {"from":1,"to":"b"} must be a string`,
    ]);
    expect(issues([err("type", "/xcalls/0", { type: "object" })], { xcalls: ["s"] })).toEqual([
      'xcalls[0]: "s" must be an object',
    ]);
    expect(issues([err("type", "/calls/12", { type: "object" })], { calls: Object.assign([], { 12: "s" }) })).toEqual([
      'calls[12]: "s" is not a call; write "from -> to"',
    ]);
  });

  it("reports a bad key at the key, once, with the first of its errors", () => {
    // given: what ajv gives for a key its propertyNames schema rejects twice, at the root
    const errors = [
      err("maxLength", "", { limit: 3 }, { propertyName: "Long" }),
      err("pattern", "", { pattern: "^[a-z]+$" }, { propertyName: "Long" }),
      err("propertyNames", "", { propertyName: "Long" }),
    ];
    // when / then
    expect(issues(errors, { Long: 1 })).toEqual(['Long: "Long" is longer than 3 characters']);
  });

  it("unescapes ~1 and ~0 in paths, and reads keys that start with digits as keys", () => {
    expect(issues([err("type", "/environments/a~1b~0c/10x", { type: "string" })], {})).toEqual([
      "environments.a/b~c.10x: undefined must be a string",
    ]);
    expect(issues([err("type", "/m/a~1b~0c", { type: "string" })], { m: { "a/b~c": 2 } })).toEqual([
      "m.a/b~c: 2 must be a string",
    ]);
    expect(issues([err("type", "/m/1a", { type: "string" })], { m: { "1a": 2 } })).toEqual([
      "m.1a: 2 must be a string",
    ]);
    expect(issues([err("type", "/m/x/y", { type: "string" })], { m: null })).toEqual([
      "m.x.y: undefined must be a string",
    ]);
    expect(issues([err("type", "/m/a1", { type: "string" })], { m: { a1: 2 } })).toEqual(["m.a1: 2 must be a string"]);
    expect(issues([err("type", "/m/length", { type: "string" })], { m: "abc" })).toEqual([
      "m.length: undefined must be a string",
    ]);
  });
});

describe("readConfig and parseConfig", () => {
  const text = fs.readFileSync(DEFAULT_CONFIG, "utf8");
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "load-boundaries-"));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const write = (body: string) => {
    const f = path.join(dir, `c${Math.random().toString(36).slice(2)}.yaml`);
    fs.writeFileSync(f, body);
    return f;
  };

  it("finds a duplicate key inside a list item", () => {
    const f = write(`${text}\nextra:\n  - a: 1\n    a: 2\n`);
    const lines = configProblemsOf(() => readConfig(f));
    const n = text.split("\n").length;
    expect(lines).toEqual([`${f}:${n + 3}: extra[0].a: "a" is given twice (lines ${n + 2} and ${n + 3}); keep one`]);
  });

  it("puts a missing character other than a quote where the parser found it, whatever the values before say", () => {
    // given: a MISSING_CHAR error on line 2, after a value that reads "undefined"
    const f = write("project: undefined\nfoo\n");
    // when
    const lines = configProblemsOf(() => readConfig(f));
    // then
    expect(lines).toEqual([`${f}:2:1: Implicit map keys need to be followed by map values`]);
  });

  it("reports a problem the policy gate could waive when no waiver is given, a suppression of its rule notwithstanding", () => {
    // given: an EKS endpoint open to the world, and a suppression of the gate's endpoint rule
    const raw: unknown = YAML.parse(text);
    set(raw, "environments.cloud.eks.publicAccessCidrs", ["0.0.0.0/0"]);
    set(raw, "suppressions", [{ rule: "HM-EKS-001", path: "cloud-infra/eks", reason: "lab cluster" }]);
    // when: loaded without options, so nothing decides what the suppressions waive
    const lines = configProblemsOf(() => parseConfig(raw));
    // then
    expect(lines).toEqual([
      `config: environments.cloud.eks.publicAccessCidrs[0]: "0.0.0.0/0" admits every IPv4 address; name the networks instead, or waive it with a suppression (and a reason) of the policy gate's EKS endpoint rule`,
    ]);
  });

  it('names the config "config" unless told, and keeps a given peering version', () => {
    expect(configProblemsOf(() => parseConfig({}))[0]).toMatch(/^config: /);
    expect(configProblemsOf(() => parseConfig({}, new ConfigSource("given.yaml")))[0]).toMatch(/^given\.yaml: /);
    const raw = { ...(YAML.parse(text) as Record<string, unknown>) };
    const peerings = raw.peerings as { acceptor: string; dialer: string }[];
    const config = parseConfig({ ...raw, peerings: peerings.map((p) => ({ ...p, version: 3 })), failover: [] });
    expect(config.peerings.every((p) => p.version === 3)).toBe(true);
    expect(config.failover).toEqual([]);
  });

  it("normalizes absent calls, failover and suppressions to empty lists", () => {
    // given
    const { calls: _c, failover: _f, suppressions: _s, ...raw } = YAML.parse(text) as Record<string, unknown>;
    // when
    const config = parseConfig(raw);
    // then
    expect([config.calls, config.failover, config.suppressions]).toEqual([[], [], []]);
  });

  it("keeps an object call as it is beside a string one, and the failover given", () => {
    // given
    const raw = YAML.parse(text) as Record<string, unknown>;
    const failover = [{ service: "e", from: "cloud", to: "onprem" }];
    // when
    const config = parseConfig({ ...raw, calls: [{ from: "a", to: "b" }, " a->c "], failover });
    // then
    expect(config.calls).toEqual([
      { from: "a", to: "b" },
      { from: "a", to: "c" },
    ]);
    expect(config.failover).toEqual(failover);
  });
});

import { consulReleases, isConsulChart, releaseValues } from "../../constructs/policy/rules/consul-values";
import type { JsonObject, PolicyContext, PolicyElement } from "../../constructs/policy/types";

// The values reader of the consul rules, unit by unit: which charts are Consul's, Helm's merge of
// `values` documents and `set` entries (--set typing, escaped dots, list indexes), and unreadable values.
// Helm's rules: helm.sh/docs/intro/using_helm ("The Format and Limitations of --set").

/** A context over the given helm_releases, memoizing like the real one. */
function context(releases: PolicyElement[]): PolicyContext {
  const memo = new Map<string, unknown>();
  return {
    resources: (type: string) => (type === "helm_release" ? releases : []),
    memo: <T>(key: string, compute: () => T): T => {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  } as unknown as PolicyContext;
}
const release = (address: string, config: JsonObject) => ({ address, config }) as unknown as PolicyElement;
const read = (config: JsonObject) => releaseValues(context([]), release("helm_release.consul", config));

describe("isConsulChart", () => {
  it("accepts the chart by name, repository path or packaged file", () => {
    for (const chart of ["consul", "hashicorp/consul", "./charts/consul-1.6.2.tgz", "consul-1.tgz"])
      expect(isConsulChart(chart)).toBe(true);
  });

  it("refuses other charts, other packages and non-strings", () => {
    for (const chart of [
      "consul-k8s",
      "my-consul-1.0.tgz",
      "consul-1.0.tgz.bak",
      "consul-x1.tgz",
      "consul-.tgz",
      "consul-1.0/x.tgz",
      "",
      1,
      undefined,
    ]) {
      expect(isConsulChart(chart)).toBe(false);
    }
  });
});

describe("consulReleases", () => {
  it("keeps only releases of the consul chart", () => {
    const a = release("helm_release.consul", { chart: "consul" });
    const b = release("helm_release.other", { chart: "vault" });
    expect(consulReleases(context([a, b]))).toEqual([a]);
  });
});

describe("releaseValues", () => {
  it("reads plain scalars as Helm does, by YAML 1.1 (go-yaml v2): yes/no/on/off are booleans, a leading 0 is octal", () => {
    // given: Helm reads `on` and `off` as true and false (helm/helm issues 5497 and 12179)
    const doc = 'a: yes\nb: off\nc: On\nd: n\ne: "off"\nf: 0755\ng: true\n';
    // when
    const { values } = read({ values: [doc] });
    // then
    expect(values).toEqual({ a: true, b: false, c: true, d: false, e: "off", f: 493, g: true });
  });

  it("merges values documents map by map, replaces other values, and deletes on null", () => {
    expect(
      read({
        values: [
          "global:\n  tls:\n    enabled: true\n  name: a\nui: {enabled: true}\nlist: [1]\n",
          "global:\n  tls:\n    verify: false\n  name: null\nlist: [2]\nui: false\n",
        ],
      }),
    ).toEqual({
      values: { global: { tls: { enabled: true, verify: false } }, list: [2], ui: false },
      unreadable: [],
    });
    expect(read({ values: ["a: 1", "a: {b: 2}"] }).values).toEqual({ a: { b: 2 } });
  });

  it("skips empty documents and reports non-YAML and non-map documents", () => {
    expect(read({ values: ["", "# only a comment\n", "null", "a: 1"] })).toEqual({ values: { a: 1 }, unreadable: [] });
    // A document that is not text (a resolved expression can be anything) is skipped like an empty one.
    expect(read({ values: [7, "a: 1"] })).toEqual({ values: { a: 1 }, unreadable: [] });
    const long = `- ${"x".repeat(80)}`;
    expect(read({ values: ["a: [1", "plain text", long, "${var.values}"] }).unreadable).toEqual([
      "values[0] is not YAML (Flow sequence in block collection must be sufficiently indented and end with a ] at line 1, column 6:)",
      'values[1] is "plain text", not a YAML map',
      `values[2] is ${JSON.stringify(long.slice(0, 60))}, not a YAML map`,
      'values[3] is "${var.values}", not a YAML map',
    ]);
  });

  it("types set entries as Helm's --set does, unless type is string", () => {
    const set = [
      ["t", "true"],
      ["f", "false"],
      ["n", "null"],
      ["i", "42"],
      ["neg", "-7"],
      ["big", "123"],
      ["x", "4x"],
      ["y", "x4"],
      ["d", "1.5"],
      ["e", "--1"],
    ].map(([name, value]) => ({ name, value }));
    expect(
      read({ set: [...set, { name: "s", value: "true", type: "string" }, { name: "o", value: 5 }] }).values,
    ).toEqual({
      t: true,
      f: false,
      n: null,
      i: 42,
      neg: -7,
      big: 123,
      x: "4x",
      y: "x4",
      d: "1.5",
      e: "--1",
      s: "true",
      o: 5,
    });
  });

  it("applies set, then set_sensitive, then set_list over the documents, skipping entries without a name", () => {
    const v = read({
      values: ["global:\n  name: a\n  tls: {enabled: false}\n"],
      set: [{ name: "global.tls.enabled", value: "true" }, { value: "orphan" }],
      set_sensitive: [
        { name: "global.name", value: "b" },
        { name: 7, value: "c" },
      ],
      set_list: [{ name: "server.extraArgs", value: ["-a", "-b"] }, { value: ["z"] }],
    });
    expect(v.values).toEqual({ global: { name: "b", tls: { enabled: true } }, server: { extraArgs: ["-a", "-b"] } });
  });

  it("follows escaped dots and list indexes in set paths, without touching the parsed documents", () => {
    const v = read({
      values: ["server:\n  extraConfig: {a: 1}\n  list: [{a: 1}]\n"],
      set: [
        { name: "server.annotations.example\\.com/x", value: "y" },
        { name: "server.list[0].b", value: "2" },
        { name: "server.ports[1]", value: "8502" },
        { name: "server.grid[10][2]", value: "9" },
        { name: "server.extraConfig.b", value: "3" },
      ],
    });
    const grid: unknown[] = [];
    grid[10] = Object.assign([], { 2: 9 });
    expect(v.values).toEqual({
      server: {
        extraConfig: { a: 1, b: 3 },
        list: [{ a: 1, b: 2 }],
        annotations: { "example.com/x": "y" },
        ports: [undefined, 8502],
        grid,
      },
    });
  });

  it("replaces a scalar or a list on the path by the container the path needs", () => {
    expect(
      read({
        values: ["a: 1\nb: {c: 1}\n"],
        set: [
          { name: "a.b", value: "2" },
          { name: "b[0]", value: "3" },
        ],
      }).values,
    ).toEqual({ a: { b: 2 }, b: [3] });
  });

  it("reads each release once, by address", () => {
    const ctx = context([]);
    const a = releaseValues(ctx, release("helm_release.a", { values: ["x: 1"] }));
    const b = releaseValues(ctx, release("helm_release.b", { values: ["x: 2"] }));
    expect([a.values, b.values]).toEqual([{ x: 1 }, { x: 2 }]);
    expect(releaseValues(ctx, release("helm_release.a", { values: ["x: 3"] }))).toBe(a);
  });
});

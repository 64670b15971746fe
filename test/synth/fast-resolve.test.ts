import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  App,
  DefaultTokenResolver,
  Fn,
  Lazy,
  StringConcat,
  TerraformElement,
  TerraformStack,
  TerraformVariable,
  Token,
  Tokenization,
} from "cdktf";
import { buildApp } from "../../app/app";
import { fastResolve } from "../../app/fast-resolve";
import { readConfig } from "../../config/load";

const ROOT = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-fast-resolve-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** cdktf's own resolve, as TerraformStack.toTerraform calls it (cdktf/lib/_tokens.js). */
const cdktfResolve = (scope: TerraformStack, value: unknown): unknown =>
  Tokenization.resolve(value, { scope, preparing: false, resolver: new DefaultTokenResolver(new StringConcat()) });

/** What resolving gives: the value, or the error's message. */
function outcome(resolve: () => unknown): { value?: unknown; error?: string } {
  try {
    return { value: resolve() };
  } catch (e) {
    return { error: (e as Error).message };
  }
}

class Plain {
  readonly a = "x";
  readonly b = undefined;
}

function nested(depth: number): unknown {
  let v: unknown = "leaf";
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

describe("fastResolve", () => {
  const app = new App({ outdir: path.join(tmp, "unit") });
  const stack = new TerraformStack(app, "s");
  const v = new TerraformVariable(stack, "v", { type: "string" });
  const n = new TerraformVariable(stack, "n", { type: "number" });
  const l = new TerraformVariable(stack, "l", { type: "list(string)" });
  const lazyObject = Lazy.anyValue({ produce: () => ({ inner: { dropped: undefined, kept: v.stringValue } }) });

  const cases: [string, unknown][] = [
    [
      "plain values, undefined members dropped",
      { a: "x", b: [1, undefined, "two", { c: null, d: undefined }], e: undefined, f: true },
    ],
    ["strings that look like number tokens", { s: "web-e2e", t: "1e5", u: "a|e|b", list: ["x-e2", "3.5e+7"] }],
    ["a key that looks like a number token", { "node-e2e": "y", "1e3": 2 }],
    ["large plain numbers", { big: 1e300, small: -1e-300, nan: Number.NaN }],
    ["a string token inside text", { s: `prefix-${v.stringValue}-suffix`, t: v.stringValue }],
    ["a number token", { port: n.numberValue, ports: [n.numberValue, 8080] }],
    ["a number token inside text", { s: `port-${n.numberValue}`, list: [`${n.numberValue}`] }],
    ["a number token as a key", { [`${n.numberValue}`]: "x" }],
    ["a key that resolves to a number", { [`${Token.asNumber(Lazy.numberValue({ produce: () => 42 }))}`]: "x" }],
    ["a list token", { ids: l.listValue, joined: Fn.join(",", l.listValue), mixed: ["a", ...l.listValue] }],
    ["a lazy value holding undefined and a token", { lazy: lazyObject }],
    ["a string map token as keys", { tags: { ...Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: "v" }) })) } }],
    ["a token as a key", { [v.stringValue]: "x" }],
    ["a Date, a class instance and an object without a prototype", [new Date(0), new Plain(), Object.create(null)]],
    ["a map token's stand-in string", { s: Token.STRING_MAP_TOKEN_VALUE }],
    ["a map token's stand-in number", { n: Token.NUMBER_MAP_TOKEN_VALUE }],
    ["a function", { deep: [{ f: () => 1 }] }],
    ["a construct", { deep: { c: stack } }],
    ["a plain object shaped like a construct", { deep: { _children: {}, _metadata: [] } }],
    ["a plain object 205 levels deep (cdktf calls it circular)", nested(205)],
    ["a plain object 150 levels deep", nested(150)],
  ];

  it.each(cases)("gives what cdktf's resolve gives for %s", (_name, value) => {
    // when
    const fast = outcome(() => fastResolve(stack, value));
    const cdktf = outcome(() => cdktfResolve(stack, value));
    // then
    expect(fast).toStrictEqual(cdktf);
  });

  it("names the path of a value cdktf cannot resolve, as cdktf does", () => {
    // given
    const value = { resource: { a: [{ f: () => 1 }] } };
    // when
    const fast = outcome(() => fastResolve(stack, value));
    // then
    expect(fast.error).toContain("/resource/a/0/f");
    expect(fast).toEqual(outcome(() => cdktfResolve(stack, value)));
  });

  it.each(["config/default.yaml", "config/hybrid-vm.yaml", "config/hybrid-kind-legacy.yaml"])(
    "resolves every element of %s as cdktf does",
    (file) => {
      // given
      const { config } = readConfig(path.join(ROOT, file));
      const mesh = buildApp(config, path.join(tmp, path.basename(file)));
      let elements = 0;
      for (const { stack } of mesh.stacks) {
        for (const e of stack.node.findAll().filter((c) => c instanceof TerraformElement)) {
          // when
          const fast = fastResolve(stack, e.toTerraform());
          // then
          expect(JSON.stringify(fast)).toBe(JSON.stringify(cdktfResolve(stack, e.toTerraform())));
          elements++;
        }
      }
      expect(elements).toBeGreaterThan(20);
    },
  );
});

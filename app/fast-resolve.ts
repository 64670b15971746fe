import { DefaultTokenResolver, StringConcat, Token } from "cdktf";
import type { IConstruct } from "constructs";

// cdktf writes a stack by resolving every value of its JSON through its token resolver
// (TerraformStack.toTerraform: each element's fragment, then the merged document once more;
// cdktf/lib/tokens/private/resolve.js). Per value that is three TokenString regular expressions
// and a fresh resolve context, for a document that is mostly plain strings, numbers and objects.
// fastResolve copies the plain parts itself and hands cdktf's resolve only what may hold a token,
// which is what cdktf's own resolve returns for the same input:
//  - a plain string comes back as it is unless it holds a token marker (string, list and map
//    tokens all contain "TfToken[") or matches cdktf's number-token pattern, whose matches it
//    looks up (encoding.js NUMBER_TOKEN_REGEX);
//  - a number is a token only with the marker bits cdktf puts in its top 16 bits, which make its
//    magnitude about 1e289 or 1e298 (encoding.js createTokenDouble);
//  - plain objects and arrays are copied without their undefined members;
//  - anything else (a token object, a Date, a class instance, a function, an array holding a
//    token) goes to cdktf's resolve, with the path it has in the whole value. Along plain objects
//    and arrays cdktf's resolve passes no context flags down, only the path, so that part
//    resolves to the same value, an error names the same path, and cdktf's depth limit (a path
//    over 200 long is a circular reference) holds.

interface ResolveOptions {
  readonly scope: IConstruct;
  readonly prefix: string[];
  readonly resolver: DefaultTokenResolver;
  readonly preparing: boolean;
}
type Resolve = (scope: IConstruct, obj: unknown, preparing?: boolean) => unknown;

// The CommonJS exports object terraform-stack.js reads `resolve` from at each call (fast-start.ts
// patches a sibling module the same way), and the resolve behind it, which takes a path.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the mutable CommonJS exports object, see above
const tokens = require("cdktf/lib/_tokens") as { resolve: Resolve };
// eslint-disable-next-line @typescript-eslint/no-require-imports -- not exported by cdktf's index
const { resolve: resolveAt } = require("cdktf/lib/tokens/private/resolve") as {
  resolve: (obj: unknown, options: ResolveOptions) => unknown;
};
const cdktfResolve = tokens.resolve;
// What _tokens.js resolves with; it keeps no state.
const resolver = new DefaultTokenResolver(new StringConcat());

const TOKEN_MARKER = "TfToken[";
// cdktf's NUMBER_TOKEN_REGEX, without the global flag.
const NUMBER_LIKE = /[-|\d|.+]+(e[-|\d|.|e|E|+]+)/;
const MAX_PATH = 200;

// A map token's stand-in values, which cdktf's resolve rejects in a scalar context.
const plainNumber = (n: number) => Math.abs(n) < 1e280 && n !== Token.NUMBER_MAP_TOKEN_VALUE;
const plainString = (s: string) =>
  !s.includes(TOKEN_MARKER) &&
  !NUMBER_LIKE.test(s) &&
  s !== Token.STRING_MAP_TOKEN_VALUE &&
  s !== Token.ANY_MAP_TOKEN_VALUE;
const tokenItem = (e: unknown) =>
  (typeof e === "string" && !plainString(e)) || (typeof e === "number" && !plainNumber(e));

/** An object cdktf's resolve copies key by key: not a token, not a construct (resolve.js isConstruct). */
function isPlainObject(o: object): o is Record<string, unknown> {
  const proto: unknown = Object.getPrototypeOf(o);
  const r = o as { resolve?: unknown; _children?: unknown; _metadata?: unknown };
  return (
    (proto === Object.prototype || proto === null) &&
    typeof r.resolve !== "function" &&
    (r._children === undefined || r._metadata === undefined)
  );
}

const handOver = (scope: IConstruct, x: unknown, path: readonly string[]) =>
  resolveAt(x, { scope, prefix: [...path], resolver, preparing: false });

function copy(scope: IConstruct, x: unknown, path: string[]): unknown {
  if (path.length > MAX_PATH) return handOver(scope, x, path);
  if (typeof x === "string") return plainString(x) ? x : handOver(scope, x, path);
  if (typeof x === "number") return plainNumber(x) ? x : handOver(scope, x, path);
  if (typeof x !== "object" || x === null) return typeof x === "function" ? handOver(scope, x, path) : x;
  if (Array.isArray(x)) {
    const items = x as unknown[];
    if (items.some(tokenItem)) return handOver(scope, x, path);
    const out: unknown[] = [];
    for (let i = 0; i < items.length; i++) {
      path.push(String(i));
      const v = copy(scope, items[i], path);
      path.pop();
      if (v !== undefined) out.push(v);
    }
    return out;
  }
  if (!isPlainObject(x)) return handOver(scope, x, path);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(x)) {
    // A key holding a token (a map token makes the object one) hands over the whole object; a
    // key that only looks like a number token resolves at the object's own path, as in cdktf.
    if (k.includes(TOKEN_MARKER)) return handOver(scope, x, path);
    const key = plainString(k) ? k : handOver(scope, k, path);
    if (typeof key !== "string") return handOver(scope, x, path);
    path.push(k);
    const v = copy(scope, x[k], path);
    path.pop();
    if (v !== undefined) out[key] = v;
  }
  return out;
}

/** What cdktf's resolve (writing, not preparing) returns for `value` in `scope`'s stack. */
export function fastResolve(scope: IConstruct, value: unknown): unknown {
  return copy(scope, value, []);
}

let active = false;
tokens.resolve = (scope, obj, preparing) =>
  active && !preparing ? fastResolve(scope, obj) : cdktfResolve(scope, obj, preparing);

/** Runs `synth` with stacks resolved through fastResolve as they are written. */
export function withFastResolve<T>(synth: () => T): T {
  const was = active;
  active = true;
  try {
    return synth();
  } finally {
    active = was;
  }
}

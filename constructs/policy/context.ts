import { IConstruct } from "constructs";
import {
  Annotations,
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformElement,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  Token,
  Tokenization,
} from "cdktf";
import { isObject } from "./json";
import { ElementKind, JsonObject, PolicyContext, PolicyElement, ResolvedPolicyOptions } from "./types";

// The same resolver cdktf's own synth uses. `preparing: false` matters: a preparing resolve would
// register cross-stack outputs as a side effect; a plain resolve only reads.
const RESOLVER = new DefaultTokenResolver(new StringConcat());

const REFERENCE = /\$\{((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)/;

/**
 * Whether a toTerraform() body holds anything to resolve: an encoded token string, a token
 * number, or a resolvable object. Most bodies (Deployments, Services) hold none, and skipping
 * cdktf's resolve for them halves the gate's cost on large meshes.
 */
function hasTokens(value: unknown): boolean {
  if (typeof value === "string") return value.includes("{TfToken[");
  if (typeof value === "number") return Token.isUnresolved(value);
  if (Array.isArray(value)) return value.some(hasTokens);
  if (value !== null && typeof value === "object") {
    if (Tokenization.isResolvable(value)) return true;
    for (const v of Object.values(value)) if (hasTokens(v)) return true;
  }
  return false;
}

/** Resolves one element's Terraform JSON; undefined (with a warning) if it can't be resolved. */
function resolveElement(stack: TerraformStack, el: TerraformElement, kind: ElementKind): PolicyElement | undefined {
  let json: unknown;
  try {
    const raw = el.toTerraform();
    json = hasTokens(raw) ? Tokenization.resolve(raw, { scope: stack, preparing: false, resolver: RESOLVER }) : raw;
  } catch (e) {
    // The real synth reports the resolution error itself; the gate must not mask it.
    Annotations.of(el).addWarning(`PolicyGate skipped ${el.node.path}: could not resolve it (${(e as Error).message})`);
    return undefined;
  }
  // toTerraform() wraps the body: {resource: {type: {name: body}}}, {data: ...}, {output: {name: body}}.
  const block = isObject(json) ? json[kind] : undefined;
  if (!isObject(block)) return undefined;
  if (kind === "output") {
    const [name, body] = Object.entries(block)[0] ?? [];
    return name && isObject(body) ? element(kind, "", name, `output.${name}`, el, body) : undefined;
  }
  const [type, byName] = Object.entries(block)[0] ?? [];
  const [name, body] = isObject(byName) ? (Object.entries(byName)[0] ?? []) : [];
  if (!type || !name || !isObject(body)) return undefined;
  return element(kind, type, name, kind === "data" ? `data.${type}.${name}` : `${type}.${name}`, el, body);
}

function element(kind: ElementKind, type: string, name: string, address: string, construct: IConstruct, body: JsonObject): PolicyElement {
  const { "//": _meta, ...config } = body;
  return { kind, type, name, address, construct, config };
}

function elementKindOf(node: IConstruct): ElementKind | undefined {
  if (node instanceof TerraformResource) return "resource";
  if (node instanceof TerraformDataSource) return "data";
  if (node instanceof TerraformOutput) return "output";
  return undefined;
}

/** Builds the context for one stack from nodes already collected by the caller's single tree walk. */
export function buildContext(stack: TerraformStack, nodes: readonly IConstruct[], options: ResolvedPolicyOptions): PolicyContext {
  const elements: PolicyElement[] = [];
  const byKey = new Map<string, PolicyElement[]>();
  const byAddress = new Map<string, PolicyElement>();
  for (const node of nodes) {
    const kind = elementKindOf(node);
    if (!kind) continue;
    const el = resolveElement(stack, node as TerraformElement, kind);
    if (!el) continue;
    elements.push(el);
    byAddress.set(el.address, el);
    const key = `${kind}:${el.type}`;
    const list = byKey.get(key);
    if (list) list.push(el);
    else byKey.set(key, [el]);
  }
  const memo = new Map<string, unknown>();
  const ofKind = (kind: ElementKind, types: string[]) =>
    types.length === 1 ? (byKey.get(`${kind}:${types[0]}`) ?? []) : types.flatMap((t) => byKey.get(`${kind}:${t}`) ?? []);
  return {
    stack,
    options,
    elements,
    resources: (...types) => ofKind("resource", types),
    dataSources: (...types) => ofKind("data", types),
    outputs: () => byKey.get("output:") ?? [],
    referenced(expression) {
      const m = typeof expression === "string" ? REFERENCE.exec(expression) : null;
      return m ? byAddress.get(m[1]) : undefined;
    },
    memo<T>(key: string, compute: () => T): T {
      if (!memo.has(key)) memo.set(key, compute());
      return memo.get(key) as T;
    },
  };
}

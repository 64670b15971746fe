import { IConstruct } from "constructs";
import { TerraformDataSource, TerraformOutput, TerraformResource, TerraformStack } from "cdktf";
import { isObject } from "./json";
import { ElementKind, JsonObject, PolicyContext, PolicyElement, ResolvedPolicyOptions } from "./types";

const REFERENCE = /\$\{((?:data\.)?[A-Za-z0-9_]+\.[A-Za-z0-9_-]+)/;

/**
 * One element's body, read from the stack's resolved Terraform JSON under the keys its
 * toTerraform() renders it to: `resource.<type>.<name>`, `data.<type>.<name>`, `output.<name>`
 * (cdktf/lib/terraform-resource.js, terraform-data-source.js, terraform-output.js). Undefined
 * for an element that renders no block there, e.g. a resource that was moved.
 */
function elementOf(
  node: TerraformResource | TerraformDataSource | TerraformOutput,
  kind: ElementKind,
  resolved: JsonObject,
): PolicyElement | undefined {
  const name = node.friendlyUniqueId;
  const type = node instanceof TerraformOutput ? "" : node.terraformResourceType;
  const block = resolved[kind];
  const byName = !isObject(block) ? undefined : kind === "output" ? block : block[type];
  const body = isObject(byName) ? byName[name] : undefined;
  if (!isObject(body)) return undefined;
  const address = kind === "output" ? `output.${name}` : kind === "data" ? `data.${type}.${name}` : `${type}.${name}`;
  return element(kind, type, name, address, node, body);
}

function element(
  kind: ElementKind,
  type: string,
  name: string,
  address: string,
  construct: IConstruct,
  body: JsonObject,
): PolicyElement {
  const { "//": _meta, ...config } = body;
  return { kind, type, name, address, construct, config };
}

function elementKindOf(node: IConstruct): ElementKind | undefined {
  if (node instanceof TerraformResource) return "resource";
  if (node instanceof TerraformDataSource) return "data";
  if (node instanceof TerraformOutput) return "output";
  return undefined;
}

/**
 * Builds the context for one stack from its Terraform JSON as synth resolved it (the stack's
 * toTerraform()), and the nodes of the caller's single tree walk, which give the construct-tree
 * order and the construct behind each element.
 */
export function buildContext(
  stack: TerraformStack,
  nodes: readonly IConstruct[],
  options: ResolvedPolicyOptions,
  resolved: JsonObject,
): PolicyContext {
  const elements: PolicyElement[] = [];
  const byKey = new Map<string, PolicyElement[]>();
  const byAddress = new Map<string, PolicyElement>();
  for (const node of nodes) {
    const kind = elementKindOf(node);
    if (!kind) continue;
    const el = elementOf(node as TerraformResource | TerraformDataSource | TerraformOutput, kind, resolved);
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
    types.length === 1
      ? (byKey.get(`${kind}:${types[0]}`) ?? [])
      : types.flatMap((t) => byKey.get(`${kind}:${t}`) ?? []);
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

/**
 * Typed reads of synthesized Terraform JSON (cdk.tf.json or Testing.synth output). Values come
 * back as `unknown`: a test narrows what it reads (expect().toEqual, a cast at the use site)
 * instead of trusting an `any` tree.
 */

/** One resource or data block as Terraform JSON: attribute name -> value. */
export type Block = Record<string, unknown>;

/** The top-level shape of a stack's Terraform JSON. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Block>>;
  readonly data?: Record<string, Record<string, Block>>;
  readonly output?: Record<string, { value: unknown; sensitive?: boolean }>;
  readonly provider?: Record<string, Block[]>;
  readonly variable?: Record<string, Block>;
  readonly locals?: Block;
  readonly terraform?: Block;
}

/** A Kubernetes object as a kubernetes_manifest carries it. */
export interface Manifest<Spec = Record<string, unknown>> {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  readonly spec: Spec;
}

/** Every resource of a type by logical id (empty when the stack has none). */
export function resourcesById(json: TerraformJson, type: string): Record<string, Block> {
  return json.resource?.[type] ?? {};
}

/** Every resource of a type, in synth order. */
/** The resource of `type` whose id starts with `prefix` (ids end in a hash), e.g. ("terraform_data", "mesh-app-1_"). */
export function resourceByIdPrefix(json: TerraformJson, type: string, prefix: string): Block {
  return must(
    Object.entries(resourcesById(json, type)).find(([id]) => id.startsWith(prefix)),
    `${type} ${prefix}*`,
  )[1];
}

export function resources(json: TerraformJson, type: string): Block[] {
  return Object.values(resourcesById(json, type));
}

/** Every data source of a type, in synth order. */
export function dataSources(json: TerraformJson, type: string): Block[] {
  return Object.values(json.data?.[type] ?? {});
}

/** The `manifest` of every kubernetes_manifest in a stack, in construct order. */
/** `Spec` types the specs when a test reads deep into them. */
export function manifests<Spec = Record<string, unknown>>(json: TerraformJson): Manifest<Spec>[] {
  return resources(json, "kubernetes_manifest").map((r) => r.manifest as Manifest<Spec>);
}

/**
 * The value at a dotted path with [n] indexes, e.g. `at(release, "values[0]")` or
 * `at(json, "terraform.backend.local.path")`; undefined when any step is missing.
 * Keys that hold dots themselves (annotation names) are given as a list of steps instead:
 * `at(pod, ["metadata", "annotations", "consul.hashicorp.com/connect-inject"])`.
 */
export function at(obj: unknown, path: string | readonly (string | number)[]): unknown {
  const steps = typeof path === "string" ? (path.match(/[^.[\]]+/g) ?? []) : path.map(String);
  let cur = obj;
  for (const step of steps) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[step];
  }
  return cur;
}

/** Terraform JSON without cdktf's "//" metadata blocks: what Testing.synth returns for the same stack. */
export function withoutMetadata<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutMetadata) as T;
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== "//")
      .map(([k, v]) => [k, withoutMetadata(v)]),
  ) as T;
}

/** The string at `path` (as {@link at}); throws, failing the test, when it is anything else. */
export function text(obj: unknown, path: string | readonly (string | number)[]): string {
  const value = at(obj, path);
  if (typeof value !== "string") throw new Error(`${String(path)}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}

/** The list at `path` (as {@link at}); throws, failing the test, when it is anything else. */
export function list(obj: unknown, path: string | readonly (string | number)[] = []): unknown[] {
  const value = at(obj, path);
  if (!Array.isArray(value)) throw new Error(`${String(path)}: expected a list, got ${JSON.stringify(value)}`);
  return value as unknown[];
}

/** The object at `path` (as {@link at}); throws, failing the test, when it is anything else. */
export function record(obj: unknown, path: string | readonly (string | number)[] = []): Record<string, unknown> {
  const value = at(obj, path);
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`${String(path)}: expected an object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** `JSON.parse` that types its result as `unknown`, to be read through {@link at} and the others. */
export function parseJson(source: string): unknown {
  return JSON.parse(source) as unknown;
}

/** `value`, which the test expects to be there; throws, failing the test, when it is missing. */
export function must<T>(value: T | undefined | null, what = "value"): T {
  if (value === undefined || value === null) throw new Error(`expected a ${what}, got ${String(value)}`);
  return value;
}

/** Steps of a path as {@link at} reads them. */
function stepsOf(path: string | readonly (string | number)[]): string[] {
  return typeof path === "string" ? (path.match(/[^.[\]]+/g) ?? []) : path.map(String);
}

/** The object holding the last step of `path`; throws, failing the test, when a step is missing. */
function parentOf(obj: unknown, path: string | readonly (string | number)[]): [Record<string, unknown>, string] {
  const steps = stepsOf(path);
  const last = steps.pop();
  const parent = at(obj, steps);
  if (last === undefined || parent === null || typeof parent !== "object") {
    throw new Error(`${String(path)}: no object to edit there`);
  }
  return [parent as Record<string, unknown>, last];
}

/**
 * Writes `value` at `path` of parsed data (a config being edited by a test) and returns it, as an
 * assignment would; the parent must exist.
 */
export function set<T>(obj: unknown, path: string | readonly (string | number)[], value: T): T {
  const [parent, key] = parentOf(obj, path);
  parent[key] = value;
  return value;
}

/** Removes the key at `path` of parsed data, as `delete` would; the parent must exist. */
export function unset(obj: unknown, path: string | readonly (string | number)[]): boolean {
  const [parent, key] = parentOf(obj, path);
  return Reflect.deleteProperty(parent, key);
}

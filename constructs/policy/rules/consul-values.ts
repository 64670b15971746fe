import { parse } from "yaml";
import { isObject, many, objects } from "../json";
import { JsonObject, PolicyContext, PolicyElement } from "../types";

/** The effective values of one consul helm_release, or why they can't be read. */
export interface ConsulValues {
  readonly values: JsonObject;
  /** Problems that make the values unreadable at synth (non-YAML or Terraform-expression values). */
  readonly unreadable: readonly string[];
}

/** True for a helm_release of HashiCorp's consul chart (by name, repo path or packaged file). */
export function isConsulChart(chart: unknown): boolean {
  if (typeof chart !== "string") return false;
  const base = chart.split("/").pop() ?? "";
  return base === "consul" || /^consul-\d[^/]*\.tgz$/.test(base);
}

/** The consul helm_releases of a stack. */
export function consulReleases(ctx: PolicyContext): readonly PolicyElement[] {
  return ctx.memo("consul.releases", () => ctx.resources("helm_release").filter((r) => isConsulChart(r.config.chart)));
}

/** True if the stack targets EKS: it holds an aws_eks_cluster resource or data source. */
export function isEksStack(ctx: PolicyContext): boolean {
  return ctx.resources("aws_eks_cluster").length > 0 || ctx.dataSources("aws_eks_cluster").length > 0;
}

/** Merged values of a release: `values` documents in order, then `set`/`set_list`/`set_sensitive`, as Helm does. */
export function releaseValues(ctx: PolicyContext, release: PolicyElement): ConsulValues {
  return ctx.memo(`consul.values:${release.address}`, () => parseReleaseValues(release.config));
}

/**
 * Helm reads values with go-yaml v2, by YAML 1.1, where a plain `on`, `off`, `yes` or `no` is a boolean
 * (helm/helm issues 5497, 12179). Values are read and written by the same rules, so a string such as
 * "off" is quoted and stays a string.
 */
export const HELM_YAML = { version: "1.1" } as const;

function parseReleaseValues(config: JsonObject): ConsulValues {
  let values: Record<string, unknown> = {};
  const unreadable: string[] = [];
  many(config.values).forEach((doc, i) => {
    let parsed: unknown;
    try {
      parsed = typeof doc === "string" ? parse(doc, HELM_YAML) : undefined;
    } catch (e) {
      unreadable.push(`values[${i}] is not YAML (${(e as Error).message.split("\n")[0]})`);
      return;
    }
    if (parsed === null || parsed === undefined) return; // empty document
    if (!isObject(parsed)) {
      unreadable.push(`values[${i}] is ${JSON.stringify(String(doc).slice(0, 60))}, not a YAML map`);
      return;
    }
    values = deepMerge(values, parsed);
  });
  for (const key of ["set", "set_sensitive"]) {
    for (const s of objects(config[key]))
      if (typeof s.name === "string") setPath(values, s.name, helmScalar(s.value, s.type));
  }
  for (const s of objects(config.set_list)) if (typeof s.name === "string") setPath(values, s.name, many(s.value));
  return { values, unreadable };
}

/** Helm's merge: maps merge key by key, anything else replaces, null deletes. */
function deepMerge(base: Record<string, unknown>, over: JsonObject): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- Helm's merge: a null removes the key it names
    if (v === null) delete out[k];
    else if (isObject(v) && isObject(out[k])) out[k] = deepMerge(out[k], v);
    else out[k] = v;
  }
  return out;
}

/** `--set` typing: "true"/"false" become booleans and integers numbers, unless type is "string". */
function helmScalar(value: unknown, type: unknown): unknown {
  if (type === "string" || typeof value !== "string") return value;
  if (value === "true" || value === "false") return value === "true";
  if (value === "null") return null;
  return /^-?\d+$/.test(value) ? Number(value) : value;
}

/** Sets `a.b\.c[0].d` (Helm --set path syntax: escaped dots, list indexes). */
function setPath(root: Record<string, unknown>, path: string, value: unknown): void {
  const keys: (string | number)[] = [];
  for (const part of path.split(/(?<!\\)\./)) {
    const m = /^(.*?)((?:\[\d+\])*)$/.exec(part.replace(/\\\./g, "."));
    if (m?.[1]) keys.push(m[1]);
    for (const idx of m?.[2].match(/\d+/g) ?? []) keys.push(Number(idx));
  }
  let cur: Record<string | number, unknown> = root;
  keys.forEach((k, i) => {
    if (i === keys.length - 1) {
      cur[k] = value;
      return;
    }
    const nextIsIndex = typeof keys[i + 1] === "number";
    const next = cur[k];
    const ok = nextIsIndex ? Array.isArray(next) : isObject(next);
    // Copy before writing so the parsed YAML documents are never mutated.
    cur[k] = ok
      ? Array.isArray(next)
        ? [...(next as unknown[])]
        : { ...(next as Record<string, unknown>) }
      : nextIsIndex
        ? []
        : {};
    cur = cur[k] as Record<string | number, unknown>;
  });
}

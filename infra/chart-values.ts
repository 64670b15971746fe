import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { HELM_YAML } from "../constructs/policy/rules/consul-values";

/** HashiCorp's consul chart, pinned to the release matching the reference CRDs (consul-k8s v2.0.3). */
export const CONSUL_CHART = {
  repository: "https://helm.releases.hashicorp.com",
  chart: "consul",
  version: "2.0.3",
} as const;

const VALUES_DIR = path.join(__dirname, "..", "charts-values");

export type Values = { [key: string]: unknown };

const isMap = (v: unknown): v is Values => typeof v === "object" && v !== null && !Array.isArray(v);

/** Deep merge: maps merge key by key; anything else (lists, scalars, null) replaces. */
function mergeValues(...layers: Values[]): Values {
  const out: Values = {};
  for (const layer of layers) {
    for (const [k, v] of Object.entries(layer)) out[k] = isMap(v) && isMap(out[k]) ? mergeValues(out[k], v) : v;
  }
  return out;
}

const cache = new Map<string, Values>();
/** Reads charts-values/<name>.yaml once per process. */
function readValuesFile(name: string): Values {
  let v = cache.get(name);
  if (!v) {
    v = (YAML.parse(fs.readFileSync(path.join(VALUES_DIR, `${name}.yaml`), "utf8"), HELM_YAML) ?? {}) as Values;
    cache.set(name, v);
  }
  return v;
}

/**
 * base.yaml, then the environment kind's overlay, then typed overrides, as one YAML document.
 * `${` and `%{` are escaped: Terraform would read them as interpolation.
 */
export function renderValues(overlay: string, overrides: Values): string {
  const merged = mergeValues(readValuesFile("base"), readValuesFile(overlay), overrides);
  return YAML.stringify(merged, { ...HELM_YAML, lineWidth: 0 }).replace(/([$%])\{/g, "$1$1{");
}

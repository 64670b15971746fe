/**
 * Generates the library's reference docs from the code, never by hand:
 * - docs/api/: the API reference, by typedoc from the TSDoc of constructs/index.ts (docs/typedoc.json);
 * - the rule table of constructs/policy/RULES.md, from the policy gate's rule packs.
 *
 *   npm run docs            # regenerate both
 *   npm run docs -- --check # exit 1 when either is stale (what test/constructs/docs.test.ts checks)
 *
 * typedoc takes seconds, so docs/api/GENERATED.json records a hash of typedoc's inputs (the library
 * sources, docs/typedoc.json, the typedoc versions) and of its output. The check reruns typedoc (into a
 * temporary folder) only when the inputs changed, and then compares the output: a change that
 * does not show in the docs (a rule's body, a private helper) does not make them stale.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import {
  CONSUL_RULES,
  EKS_RULES,
  MESH_RULES,
  NETWORK_RULES,
  SECRETS_RULES,
  VM_RULES,
  WORKLOAD_RULES,
} from "../constructs/policy/rules";
import type { PolicyRule } from "../constructs/policy/types";

const ROOT = join(__dirname, "..");
export const API_DIR = join(ROOT, "docs", "api");
export const API_RECORD = join(API_DIR, "GENERATED.json");
export const RULES_MD = join(ROOT, "constructs", "policy", "RULES.md");

const PACKS: [string, string, readonly PolicyRule[]][] = [
  ["network", "NETWORK_RULES", NETWORK_RULES],
  ["eks", "EKS_RULES", EKS_RULES],
  ["consul", "CONSUL_RULES", CONSUL_RULES],
  ["mesh", "MESH_RULES", MESH_RULES],
  ["workloads", "WORKLOAD_RULES", WORKLOAD_RULES],
  ["secrets", "SECRETS_RULES", SECRETS_RULES],
  ["vm", "VM_RULES", VM_RULES],
];

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** RULES.md with its rule table and rule count rendered from the rule packs. */
export function renderRulesMd(current: string = readFileSync(RULES_MD, "utf8")): string {
  const rows = PACKS.flatMap(([pack, name, rules]) =>
    rules.map(
      (r) =>
        `| ${r.id} | ${pack} (\`${name}\`) | ${cell(r.rationale)} | ${cell(r.fix)}. Suppress: \`PolicyGate.suppress(c, "${r.id}", "<reason>")\` |`,
    ),
  );
  const table = ["| ID | Pack | Rationale | Fix / how to suppress |", "| --- | --- | --- | --- |", ...rows].join("\n");
  const count = PACKS.reduce((n, [, , rules]) => n + rules.length, 0);
  const markers = /(<!-- rules:start[^\n]*-->\n)[\s\S]*?(\n<!-- rules:end -->)/;
  // Without its markers or its count sentence the file would be returned unchanged, and a stale table would pass.
  if (!markers.test(current) || !/runs these \d+ rules/.test(current))
    throw new Error(`${RULES_MD}: the rules:start/rules:end markers or "runs these N rules" are missing`);
  return current
    .replace(markers, (_m, a: string, b: string) => `${a}${table}${b}`)
    .replace(/runs these \d+ rules/, `runs these ${count} rules`);
}

/** Every file typedoc reads, in a stable order, plus the typedoc versions. */
function apiInputs(): [string, string][] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".ts")) files.push(p);
    }
  };
  walk(join(ROOT, "constructs"));
  files.push(join(ROOT, "docs", "typedoc.json"), join(ROOT, "tsconfig.json"), join(ROOT, "tsconfig.build.json"));
  const version = (pkg: string) =>
    (JSON.parse(readFileSync(join(ROOT, "node_modules", pkg, "package.json"), "utf8")) as { version: string }).version;
  return [
    ...files.sort().map((f): [string, string] => [relative(ROOT, f), readFileSync(f, "utf8")]),
    ["typedoc", version("typedoc")],
    ["typedoc-plugin-markdown", version("typedoc-plugin-markdown")],
  ];
}

function apiOutputs(dir: string = API_DIR): [string, string][] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => [f, readFileSync(join(dir, f), "utf8")]);
}

function hash(entries: [string, string][]): string {
  const h = createHash("sha256");
  for (const [k, v] of entries) h.update(`${k}\0${v}\0`);
  return h.digest("hex");
}

/** The record GENERATED.json should hold for the current sources and docs/api. */
export function apiRecord(): { inputs: string; output: string } {
  return { inputs: hash(apiInputs()), output: hash(apiOutputs()) };
}

function typedoc(out: string): void {
  execFileSync(
    join(ROOT, "node_modules", ".bin", "typedoc"),
    ["--options", join(ROOT, "docs", "typedoc.json"), "--out", out, "--logLevel", "Warn", "--treatWarningsAsErrors"],
    {
      cwd: ROOT,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
}

/**
 * Why docs/api is stale, or undefined when it is current: the record matches docs/api, and either
 * the inputs are unchanged or typedoc renders the same docs from the changed inputs.
 */
export function apiStaleness(): string | undefined {
  if (!existsSync(API_RECORD)) return "docs/api/GENERATED.json is missing";
  const record = JSON.parse(readFileSync(API_RECORD, "utf8")) as { inputs: string; output: string };
  if (record.output !== hash(apiOutputs())) return "docs/api was edited by hand";
  if (record.inputs === hash(apiInputs())) return undefined;
  const tmp = mkdtempSync(join(tmpdir(), "api-"));
  try {
    typedoc(tmp);
    return hash(apiOutputs(tmp)) === record.output ? undefined : "the TSDoc or the exports changed";
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function generateApi(): void {
  rmSync(API_DIR, { recursive: true, force: true });
  typedoc(API_DIR);
  writeFileSync(API_RECORD, `${JSON.stringify(apiRecord(), null, 2)}\n`);
}

if (require.main === module) {
  if (process.argv.includes("--check")) {
    const stale: string[] = [];
    if (renderRulesMd() !== readFileSync(RULES_MD, "utf8")) stale.push("constructs/policy/RULES.md");
    const api = apiStaleness();
    if (api) stale.push(`docs/api (${api})`);
    if (stale.length) {
      console.error(`stale: ${stale.join(", ")}; run \`npm run docs\``);
      process.exit(1);
    }
  } else {
    writeFileSync(RULES_MD, renderRulesMd());
    generateApi();
  }
}

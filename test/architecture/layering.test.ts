import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

/**
 * The data flows config → topology plan → constructs → infra → stacks → app; a layer imports only
 * the layers it may. The library (constructs/, with the topology plan and the policy gate) stands
 * alone, so it can be packed and used without the reference deployment. The config layer borrows
 * two of the library's pure helpers, CIDR arithmetic and value formatting, and nothing else of it.
 */
const ROOT = path.join(__dirname, "..", "..");
const LAYERS = ["constructs", "config", "infra", "stacks", "app", "apps"] as const;
type Layer = (typeof LAYERS)[number];

const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  constructs: ["constructs"],
  config: ["config"],
  infra: ["constructs", "config", "infra"],
  stacks: ["constructs", "config", "infra", "stacks"],
  app: ["constructs", "config", "infra", "stacks", "app"],
  // The services run on their own (bundled into images and the VM app bundle).
  apps: ["apps"],
};
/** Single modules a layer may import from a layer it otherwise may not. */
const EXCEPTIONS: Record<string, readonly string[]> = {
  config: ["constructs/private/cidr.ts", "constructs/private/format.ts"],
};

function layerOf(rel: string): Layer | undefined {
  return LAYERS.find((l) => rel === l || rel.startsWith(`${l}/`));
}

/** Every relative import (static, type-only, re-export, require, dynamic) of a source text, as repo paths. */
export function importsOf(rel: string, text: string): string[] {
  const { importedFiles } = ts.preProcessFile(text, true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((f) => f.startsWith("."))
    .map((f) => resolve(path.posix.normalize(path.posix.join(path.posix.dirname(rel), f))));
}

function resolve(p: string): string {
  for (const candidate of [p, `${p}.ts`, `${p}/index.ts`, `${p}.js`]) {
    if (fs.existsSync(path.join(ROOT, candidate)) && fs.statSync(path.join(ROOT, candidate)).isFile()) return candidate;
  }
  return p;
}

/** The upward imports of one file, as "from -> to" lines. */
export function violations(rel: string, imports: readonly string[]): string[] {
  const from = layerOf(rel);
  if (!from) return [];
  return imports
    .filter((to) => {
      const target = layerOf(to);
      // Files outside the layers (package.json, generated data) are not a layer's concern here.
      return target !== undefined && !MAY_IMPORT[from].includes(target) && !(EXCEPTIONS[from] ?? []).includes(to);
    })
    .map((to) => `${rel} -> ${to}`);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" ? [] : sourceFiles(rel);
    return /\.(ts|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

describe("layering", () => {
  const files = LAYERS.flatMap(sourceFiles);

  it("finds the source files of every layer", () => {
    for (const layer of LAYERS) expect(files.some((f) => f.startsWith(`${layer}/`))).toBe(true);
    expect(files).toContain("app/app.ts");
  });

  it("has no upward import in any source file", () => {
    // given
    const imports = files.map((rel) => ({
      rel,
      imported: importsOf(rel, fs.readFileSync(path.join(ROOT, rel), "utf8")),
    }));
    // when
    const found = imports.flatMap(({ rel, imported }) => violations(rel, imported));
    // then
    expect(found).toEqual([]);
  });

  it("names policy rule IDs only in the policy gate", () => {
    const ruleId = /\bHM-[A-Z]+-\d{3}\b/;
    const outside = files.filter(
      (rel) => !rel.startsWith("constructs/policy/") && ruleId.test(fs.readFileSync(path.join(ROOT, rel), "utf8")),
    );
    expect(outside).toEqual([]);
  });

  it("reports an upward import of each form", () => {
    const text = [
      'import { x } from "../../app/app";',
      'import type { Y } from "../../stacks/mesh";',
      'export { z } from "../../infra/namespaces";',
      'const w = require("../../config/types");',
    ].join("\n");
    expect(violations("constructs/policy/x.ts", importsOf("constructs/policy/x.ts", text))).toEqual([
      "constructs/policy/x.ts -> app/app.ts",
      "constructs/policy/x.ts -> stacks/mesh.ts",
      "constructs/policy/x.ts -> infra/namespaces.ts",
      "constructs/policy/x.ts -> config/types.ts",
    ]);
  });

  it("allows config only the library's CIDR and formatting helpers", () => {
    expect(violations("config/cidr.ts", ["constructs/private/cidr.ts"])).toEqual([]);
    expect(violations("config/errors.ts", ["constructs/private/format.ts"])).toEqual([]);
    expect(violations("config/load.ts", ["constructs/errors.ts"])).toEqual(["config/load.ts -> constructs/errors.ts"]);
  });

  it("keeps stacks out of the app layer", () => {
    // when
    const upward = violations("stacks/mesh.ts", ["app/environments/index.ts"]);
    const downward = violations("app/app.ts", ["stacks/mesh.ts", "infra/namespaces.ts"]);
    // then
    expect(upward).toEqual(["stacks/mesh.ts -> app/environments/index.ts"]);
    expect(downward).toEqual([]);
  });
});

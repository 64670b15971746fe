import * as fs from "fs";
import * as path from "path";
import { OUTPUT, generate } from "../../scripts/gen-crd-types";
import { needsReference } from "../support/needs";
import { must } from "../support";

const crds = needsReference("consul-k8s/crds/index.json", "the consul-k8s 2.0.3 CRD schemas");
const committed = fs.readFileSync(OUTPUT, "utf8");

describe("constructs/crd-types.ts", () => {
  crds.it("is what scripts/gen-crd-types.ts generates from the CRD schemas", () => {
    // A stale file means a CRD changed: run `npx tsx scripts/gen-crd-types.ts`, then extend the props.
    expect(committed === generate()).toBe(true);
  });

  it("has every generated type exported by name from the package index", () => {
    const generated = [...committed.matchAll(/^export interface (\w+)/gm)].map((m) => m[1]);
    const index = fs.readFileSync(path.join(__dirname, "../../constructs/index.ts"), "utf8");
    const block = must(/\/\/ <crd-types>([\s\S]*?)\/\/ <\/crd-types>/.exec(index))[1];
    const exported = [...block.matchAll(/\b([A-Z]\w+)\b/g)].map((m) => m[1]);
    expect(exported.sort()).toEqual(generated.sort());
    expect(index).not.toMatch(/export \*/);
  });
});

import * as fs from "fs";
import * as path from "path";
import { CRD_DIR, OUTPUT, generate } from "../../scripts/gen-crd-types";

const haveCrds = fs.existsSync(path.join(CRD_DIR, "index.json"));
const committed = fs.readFileSync(OUTPUT, "utf8");

describe("constructs/crd-types.ts", () => {
  (haveCrds ? it : it.skip)(
    haveCrds ? "is what scripts/gen-crd-types.ts generates from the CRD schemas" : `is current (SKIPPED: ${CRD_DIR} does not exist)`,
    () => {
      // A stale file means a CRD changed: run `npx tsx scripts/gen-crd-types.ts`, then extend the props.
      expect(committed === generate()).toBe(true);
    },
  );

  it("has every generated type exported by name from the package index", () => {
    const generated = [...committed.matchAll(/^export interface (\w+)/gm)].map((m) => m[1]);
    const index = fs.readFileSync(path.join(__dirname, "../../constructs/index.ts"), "utf8");
    const block = /\/\/ <crd-types>([\s\S]*?)\/\/ <\/crd-types>/.exec(index)![1];
    const exported = [...block.matchAll(/\b([A-Z]\w+)\b/g)].map((m) => m[1]);
    expect(exported.sort()).toEqual(generated.sort());
    expect(index).not.toMatch(/export \*/);
  });
});

import * as fs from "fs";
import * as path from "path";
import type { TerraformJson } from "./json";

/** The synthesized Terraform JSON of one stack in a cdktf output folder (`<outdir>/stacks/<id>/cdk.tf.json`). */
export function readStackJson(outdir: string, id: string): TerraformJson {
  return JSON.parse(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8")) as TerraformJson;
}

/** Every file under `dir`, by relative path, with its bytes (latin1 keeps them one to one), for byte comparisons. */
export function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = fs.readFileSync(p, "latin1");
    }
  };
  walk(dir);
  return out;
}

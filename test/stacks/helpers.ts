import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { loadConfig } from "../../config/load";
import type { MeshConfig } from "../../config/types";
import { buildApp, type MeshApp } from "../../app/app";
import type { TerraformJson } from "../support";

/** An app of the stacks of `config`, built in beforeAll (nothing is written until synth); the default config's stacks are read from {@link defaultStackJson}. */
export function defaultApp(config: MeshConfig = loadConfig()): MeshApp {
  return buildApp(config, fs.mkdtempSync(path.join(os.tmpdir(), "hm-stacks-")));
}

/** Synthesized Terraform JSON of one stack of the app. */
export function stackJson(mesh: MeshApp, id: string): TerraformJson {
  const entry = mesh.stacks.find((s) => s.id === id);
  if (!entry) throw new Error(`no stack ${id}`);
  return JSON.parse(Testing.synth(entry.stack)) as TerraformJson;
}

export { defaultStackJson, manifests } from "../support";

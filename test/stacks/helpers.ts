import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { loadConfig } from "../../config/load";
import type { MeshConfig } from "../../config/types";
import { buildApp, type MeshApp } from "../../app/app";

/** Loosely typed JSON for tests that read deep into it; test/support/json.ts has the typed reads. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** An app of the stacks of `config`, built in beforeAll (nothing is written until synth); the default config's stacks are read from {@link defaultStackJson}. */
export function defaultApp(config: MeshConfig = loadConfig()): MeshApp {
  return buildApp(config, fs.mkdtempSync(path.join(os.tmpdir(), "hm-stacks-")));
}

/** Synthesized Terraform JSON of one stack of the app. */
export function stackJson(mesh: MeshApp, id: string): Json {
  const entry = mesh.stacks.find((s) => s.id === id);
  if (!entry) throw new Error(`no stack ${id}`);
  return JSON.parse(Testing.synth(entry.stack));
}

export { defaultStackJson, manifests } from "../support";

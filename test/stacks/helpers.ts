import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Testing } from "cdktf";
import { loadConfig } from "../../config/load";
import type { MeshConfig } from "../../config/types";
import { buildApp, type MeshApp } from "../../app/app";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

/** The default app's stacks, built once per test file (nothing is written until synth). */
export function defaultApp(config: MeshConfig = loadConfig()): MeshApp {
  return buildApp(config, fs.mkdtempSync(path.join(os.tmpdir(), "hm-stacks-")));
}

/** Synthesized Terraform JSON of one stack of the app. */
export function stackJson(mesh: MeshApp, id: string): Json {
  const entry = mesh.stacks.find((s) => s.id === id);
  if (!entry) throw new Error(`no stack ${id}`);
  return JSON.parse(Testing.synth(entry.stack));
}

/** Every kubernetes_manifest body in a synthesized stack. */
export const manifests = (json: Json): Json[] => Object.values(json.resource?.kubernetes_manifest ?? {}).map((r) => (r as Json).manifest);

/**
 * The default config (config/default.yaml), synthesized once per jest run by test/global-setup.ts
 * into a temporary folder, so test files that only read its stacks share one synth instead of
 * building and synthesizing the whole app each.
 */
import * as fs from "fs";
import { readStackJson } from "./files";
import { withoutMetadata, type TerraformJson } from "./json";

/** Names the folder holding the default synth (set by the global setup, inherited by the workers). */
export const DEFAULT_OUT_ENV = "HM_TEST_DEFAULT_OUT";

/** The folder of the default synth: cdktf's manifest.json, topology.md and stacks/<id>/cdk.tf.json. */
export function defaultOutdir(): string {
  const dir = process.env[DEFAULT_OUT_ENV];
  if (!dir || !fs.existsSync(dir))
    throw new Error(
      `${DEFAULT_OUT_ENV} names no synth folder: run the tests through jest.config.js (its globalSetup synthesizes it)`,
    );
  return dir;
}

/**
 * One stack of the default synth as Terraform JSON, without cdktf's "//" metadata, so it equals
 * `JSON.parse(Testing.synth(stack))` of the same stack (test/synth/default-fixture.test.ts checks that).
 * Read it in beforeAll, never at module load.
 */
export function defaultStackJson(id: string): TerraformJson {
  return withoutMetadata(readStackJson(defaultOutdir(), id));
}

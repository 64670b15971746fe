/**
 * jest globalSetup: synthesizes the default config once per run into a temporary folder and names
 * it in an environment variable, which the test workers inherit (test/support/default-synth.ts).
 */
import "../app/fast-start";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { synthesize } from "../app/synth";
import { DEFAULT_OUT_ENV } from "./support/default-synth";

export default function globalSetup(): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hm-default-synth-"));
  const outdir = path.join(dir, "out");
  synthesize({ outdir, configFile: path.join(__dirname, "..", "config", "default.yaml") });
  process.env[DEFAULT_OUT_ENV] = outdir;
}

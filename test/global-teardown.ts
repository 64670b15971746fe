/** jest globalTeardown: removes the default synth of test/global-setup.ts. */
import * as fs from "fs";
import * as path from "path";
import { DEFAULT_OUT_ENV } from "./support/default-synth";

export default function globalTeardown(): void {
  const outdir = process.env[DEFAULT_OUT_ENV];
  if (outdir) fs.rmSync(path.dirname(outdir), { recursive: true, force: true });
}

/**
 * Checks that need something not every checkout has: the Consul reference data beside the
 * checkout (docs/verification.md), or a tool on the PATH. When it is missing, the check is
 * skipped and says why, in its title and in a `skipped in <file>:` line on stderr.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");

/** The Consul reference data (consul-k8s CRD schemas, validators), when it sits beside the checkout. */
export const REFERENCE = path.resolve(ROOT, "..", "shared", "reference");

export interface Need {
  /** Whether the thing is there. */
  readonly present: boolean;
  /** `it` when present, else `it.skip` with the reason in the title. */
  it(title: string, fn: jest.ProvidesCallback, timeout?: number): void;
  /** `describe` when present, else `describe.skip` with the reason in the title. */
  describe(title: string, fn: jest.EmptyFunction): void;
}

function need(present: boolean, reason: string): Need {
  // Straight to stderr: jest prints no console output for a file whose tests were all skipped.
  const file = path.relative(ROOT, expect.getState().testPath ?? "");
  if (!present) process.stderr.write(`skipped${file ? ` in ${file}` : ""}: ${reason}\n`);
  const title = (t: string) => (present ? t : `${t} (SKIPPED: ${reason})`);
  return {
    present,
    it: (t, fn, timeout) => {
      (present ? it : it.skip)(title(t), fn, timeout);
    },
    describe: (t, fn) => {
      (present ? describe : describe.skip)(title(t), fn);
    },
  };
}

/** A file of the reference data, e.g. `needsReference("validate-consul-manifests.mjs", "the consul-k8s validator")`. */
export function needsReference(file: string, what: string): Need & { readonly path: string } {
  const full = path.join(REFERENCE, file);
  const shown = path.relative(ROOT, full);
  return {
    ...need(fs.existsSync(full), `needs ${what} (${shown}), which is not present beside this checkout`),
    path: full,
  };
}

/** A command on the PATH. */
export function needsCommand(cmd: string, why: string): Need {
  const present = (process.env.PATH ?? "").split(path.delimiter).some((d) => fs.existsSync(path.join(d, cmd)));
  return need(present, `needs \`${cmd}\` on the PATH (${why})`);
}

import { ConfigError } from "../config/errors";
import { MeshValidationError } from "../constructs/errors";
import { summaryLines } from "./summary";
import { synthesize } from "./synth";

/** A user error from either layer: the config (file:line: path: message) or the library (construct path: prop: message). */
function userProblems(e: unknown): readonly string[] | undefined {
  if (ConfigError.isConfigError(e) || MeshValidationError.isMeshValidationError(e)) return e.problems;
  return undefined;
}

/** Runs the synth and prints the summary or the user errors; returns the exit code. */
export function runSynth(outdir: string, opts: { summary: boolean }): number {
  try {
    const result = synthesize({ outdir });
    if (opts.summary) console.log(summaryLines(result).join("\n"));
    else for (const w of result.warnings) console.error(`warning: ${w}`);
    return 0;
  } catch (e) {
    const problems = userProblems(e);
    if (!problems) throw e;
    console.error(`synth failed: ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written.`);
    for (const line of problems) console.error(`  ${line}`);
    return 1;
  }
}

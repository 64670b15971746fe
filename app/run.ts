import { MeshValidationError } from "../constructs/errors";
import { summaryLines } from "./summary";
import { synthesize } from "./synth";

/** Runs the synth and prints the summary or the user errors; returns the exit code. */
export function runSynth(outdir: string, opts: { summary: boolean }): number {
  try {
    const result = synthesize({ outdir });
    if (opts.summary) console.log(summaryLines(result).join("\n"));
    return 0;
  } catch (e) {
    if (!MeshValidationError.isMeshValidationError(e)) throw e;
    console.error(`synth failed: ${e.problems.length} problem${e.problems.length === 1 ? "" : "s"}; nothing was written.`);
    for (const line of e.problems) console.error(`  ${line}`);
    return 1;
  }
}

/** The cdktf app (cdktf.json "app"): the same synth as `npm run synth`, into the CLI's outdir. */
import { runSynth } from "./stacks/run";

process.exitCode = runSynth(process.env.CDKTF_OUTDIR ?? "cdktf.out", { summary: !process.env.CDKTF_OUTDIR });

/** The cdktf app (cdktf.json "app", run through app/launch.js): the same synth as `npm run synth`, into the CLI's outdir. */
import "./app/fast-start";
import { runSynth } from "./app/run";

process.exitCode = runSynth(process.env.CDKTF_OUTDIR ?? "cdktf.out", { summary: !process.env.CDKTF_OUTDIR });

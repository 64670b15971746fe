/** The cdktf app (cdktf.json "app"): the same synth as `npm run synth`, into the CLI's outdir. */
import "./app/fast-start";
import { runSynth } from "./app/run";

// Off the module loader's stack: cdktf records a full stack trace per token, so depth costs time.
setImmediate(() => (process.exitCode = runSynth(process.env.CDKTF_OUTDIR ?? "cdktf.out", { summary: !process.env.CDKTF_OUTDIR })));

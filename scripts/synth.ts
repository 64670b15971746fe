/**
 * `npm run synth`: synthesize every stack for the config (MESH_CONFIG or config/default.yaml)
 * into cdktf.out and print the summary. User errors print one line each and exit 1, with no
 * stack trace and nothing written.
 */
import "../app/fast-start";
import { runSynth } from "../app/run";

// Off the module loader's stack: cdktf records a full stack trace per token, so depth costs time.
setImmediate(() => (process.exitCode = runSynth(process.env.CDKTF_OUTDIR ?? "cdktf.out", { summary: true })));

/**
 * `npm run synth` (through app/launch.js): synthesize every stack for the config (MESH_CONFIG or
 * config/default.yaml) into cdktf.out and print the summary. User errors print one line each and
 * exit 1, with no stack trace and nothing written.
 */
import "../app/fast-start";
import { runSynth } from "../app/run";

process.exitCode = runSynth(process.env.CDKTF_OUTDIR ?? "cdktf.out", { summary: true });

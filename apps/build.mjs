// Bundles the service into one file that needs no node_modules at runtime.
// Usage: node apps/build.mjs [outfile]   (default apps/dist/server.js)
import { build } from "esbuild";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const outfile = resolve(process.argv[2] ?? join(here, "dist", "server.js"));

await build({
  entryPoints: [join(here, "src", "main.ts")],
  outfile,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  // A separate map keeps the bundle lean; run with --enable-source-maps for apps/src stack traces.
  sourcemap: "linked",
  sourcesContent: false,
  legalComments: "none",
  logLevel: "warning",
});
console.log(`built ${outfile}`);

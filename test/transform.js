// Jest transform: TypeScript to CommonJS with esbuild (no type-check; `npm test` runs tsc first).
const { transformSync } = require("esbuild");

module.exports = {
  process(source, file) {
    const { code, map } = transformSync(source, {
      loader: "ts",
      format: "cjs",
      target: "node20",
      sourcemap: "external",
      sourcefile: file,
    });
    return { code, map };
  },
};

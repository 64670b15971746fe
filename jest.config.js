/** Tests run through esbuild (no type-check); `npm test` runs `tsc --noEmit` first. */
module.exports = {
  testEnvironment: "node",
  // Source folders are roots too, so `--findRelatedTests constructs/x.ts` follows imports; tests live only in test/.
  roots: ["test", "app", "config", "constructs", "stacks", "infra", "apps", "scripts"].map((d) => `<rootDir>/${d}`),
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/test/transform.js" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  maxWorkers: 2,
};

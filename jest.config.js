/** Tests run through esbuild (no type-check); `npm test` runs `tsc --noEmit` first. */
module.exports = {
  testEnvironment: "node",
  // Source folders are roots too, so `--findRelatedTests constructs/x.ts` follows imports; tests live only in test/.
  roots: ["test", "app", "config", "constructs", "stacks", "infra", "apps", "scripts"].map((d) => `<rootDir>/${d}`),
  testMatch: ["<rootDir>/test/**/*.test.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/test/transform.js" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  // The default config, synthesized once per run for the tests that only read it (test/support/default-synth.ts).
  globalSetup: "<rootDir>/test/global-setup.ts",
  globalTeardown: "<rootDir>/test/global-teardown.ts",
  maxWorkers: 2,
};

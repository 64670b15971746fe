/** Tests run through esbuild (no type-check); `npm test` runs `tsc --noEmit` first. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.ts$": "<rootDir>/test/transform.js" },
  setupFilesAfterEnv: ["<rootDir>/test/setup.ts"],
  maxWorkers: 2,
};

// Mutation testing: `npm run mutate` (whole scope) or `npm run mutate -- --mutate constructs/private/cidr.ts` (one file).
// See docs/testing.md for the scores and the surviving mutants that are equivalent.
// Test runners inherit this: properties use a fixed seed, so a score is the same run after run.
process.env.FC_SEED ??= "1122";

// MUTATE_TESTS=test/config,test/policy/network.test.ts limits a quick run to those tests (folders or
// files). Fewer tests can only kill fewer mutants, so such a score is a lower bound of the full one.
const only = process.env.MUTATE_TESTS?.split(",").map(
  (t) => `<rootDir>/${t.replace(/\/$/, "")}${t.endsWith(".ts") ? "" : "/**/*.test.ts"}`,
);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  packageManager: "npm",
  testRunner: "jest",
  jest: {
    projectType: "custom",
    configFile: "jest.config.js",
    enableFindRelatedTests: true,
    // Left out: tests that run the code in another process (synth CLI, service binaries, typedoc over
    // the sources) never see a mutant, and the instrumented sources fail the generated-docs comparison;
    // the whole-stack tests (test/stacks) synthesize every stack for each mutant and mostly catch it
    // through a snapshot, which is not a behaviour test.
    config: {
      ...(only ? { testMatch: only } : {}),
      // The global setup synthesizes the default config for test/stacks and test/synth, both left out
      // below. Jest runs it before every mutant, with the mutant active: a mutant that breaks the
      // default synth crashed the runner and was counted as an error, outside the score, not tested.
      globalSetup: null,
      globalTeardown: null,
      testPathIgnorePatterns: [
        "/node_modules/",
        "<rootDir>/test/(apps|synth|docs|stacks)/",
        "<rootDir>/test/constructs/docs\\.test\\.ts$",
        "<rootDir>/test/config/reference\\.test\\.ts$",
      ],
    },
  },
  // Each mutant runs only the tests that reached it in the dry run.
  coverageAnalysis: "perTest",
  // A mutant reached only while a module loads (a constant table) would need the whole suite per mutant;
  // they are left out of the score (docs/testing.md). Mutants reached by tests run only those tests.
  ignoreStatic: true,
  mutate: [
    "config/**/*.ts",
    "constructs/topology/**/*.ts",
    "constructs/private/**/*.ts",
    "constructs/*.ts",
    "constructs/policy/rules/*.ts",
    // Types and re-exports only: nothing to mutate.
    "!constructs/crd-types.ts",
    "!constructs/index.ts",
    "!constructs/**/index.ts",
    "!**/types.ts",
  ],
  ignorePatterns: ["cdktf.out", "dist", "reports", "bench/results", "state"],
  concurrency: 2,
  timeoutMS: 5000,
  reporters: ["clear-text", "html", "json", "progress"],
  htmlReporter: { fileName: "reports/mutation/index.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false, reportScoreTable: true },
  thresholds: { high: 90, low: 80, break: null },
  // "// @ts-nocheck" goes into TypeScript files only: the generated config/schema-validator.js is
  // compared byte by byte with a fresh generation (test/config/schema-validator.test.ts).
  disableTypeChecks: "**/*.{ts,tsx}",
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};

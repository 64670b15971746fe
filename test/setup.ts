import "../app/fast-start";
import { Testing } from "cdktf";
import * as fc from "fast-check";
import "cdktf/lib/testing/adapters/jest";

// Tokens capture no creation stack in tests either (app/fast-start.ts): most of a synth's cost.
// Registers toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ... on expect.
Testing.setupJest();

// Properties are reproducible in CI (and under mutation testing): a fixed seed unless FC_SEED names one.
// Locally the seed is random; fast-check prints it on failure, and FC_SEED=<seed> replays it.
const seed = process.env.FC_SEED ?? (process.env.CI ? "1122" : undefined);
if (seed !== undefined) fc.configureGlobal({ ...fc.readConfigureGlobal(), seed: Number(seed) });

// Under mutation testing only: Stryker clears its current test on test_done, which a skipped test never
// reaches, so the next file's module loads would count as that skipped test's coverage (run by no test:
// "survived") instead of load-time (ignored). Each file starts with no current test.
const stryker = (globalThis as { __stryker__?: { currentTestId?: string } }).__stryker__;
if (stryker) stryker.currentTestId = undefined;

import "../app/fast-start";
import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

// Tokens capture no creation stack in tests either (app/fast-start.ts): most of a synth's cost.
// Registers toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ... on expect.
Testing.setupJest();

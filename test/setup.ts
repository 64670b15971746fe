import { Testing } from "cdktf";
import "cdktf/lib/testing/adapters/jest";

// Registers toHaveResource, toHaveResourceWithProperties, toBeValidTerraform, ... on expect.
Testing.setupJest();

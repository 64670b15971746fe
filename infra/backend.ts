import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { BackendConfig } from "../config/types";

/** Folder of local state files, beside the output folder (cdktf.out) in the project root; git-ignored. */
const STATE_DIR = "state";

/**
 * The local state path as the stack's backend block says it. Terraform runs in
 * `<outdir>/stacks/<stack>/` and resolves a relative path from there, so three levels up is the
 * folder that holds the output folder. State there outlives every synth: the synth only replaces
 * what it writes inside the output folder.
 */
function localStatePath(stackName: string): string {
  return `../../../${STATE_DIR}/${stackName}.tfstate`;
}

/** Gives each stack its own state: a local file by default, or an S3 key with locking. */
export function applyBackend(stack: TerraformStack, stackName: string, backend: BackendConfig): void {
  if (backend.type === "s3") {
    new S3Backend(stack, {
      bucket: backend.bucket,
      region: backend.region,
      key: `${backend.keyPrefix ?? "hybrid-mesh/"}${stackName}.tfstate`,
      encrypt: true,
      dynamodbTable: backend.dynamodbTable,
    });
    // S3-native locking (Terraform >= 1.10) postdates cdktf 0.21's S3Backend props.
    if (!backend.dynamodbTable && (backend.useLockfile ?? true))
      stack.addOverride("terraform.backend.s3.use_lockfile", true);
  } else {
    new LocalBackend(stack, { path: localStatePath(stackName) });
  }
}

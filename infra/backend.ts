import { LocalBackend, S3Backend, TerraformStack } from "cdktf";
import type { BackendConfig } from "../config/types";

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
    if (!backend.dynamodbTable && (backend.useLockfile ?? true)) stack.addOverride("terraform.backend.s3.use_lockfile", true);
  } else {
    new LocalBackend(stack, { path: `terraform.${stackName}.tfstate` });
  }
}

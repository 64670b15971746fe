import * as fs from "fs";
import * as path from "path";
import { loadConfig } from "../../config/load";
import type { MeshConfig } from "../../config/types";
import { at, defaultOutdir } from "../support";
import { defaultApp, defaultStackJson, stackJson } from "./helpers";

describe("state backends", () => {
  it("gives every stack its own local state file by default", () => {
    const ids = fs.readdirSync(path.join(defaultOutdir(), "stacks"));
    expect(ids).toHaveLength(6);
    for (const id of ids)
      expect(at(defaultStackJson(id), "terraform.backend")).toEqual({
        local: { path: `../../../state/${id}.tfstate` },
      });
  });

  it("puts an environment's stacks in S3, one key each, encrypted and locked", () => {
    const base = loadConfig();
    const cloud = {
      ...base.environments.cloud,
      backend: { type: "s3" as const, bucket: "acme-tf-state", region: "eu-west-1", keyPrefix: "mesh/" },
    };
    const config: MeshConfig = { ...base, environments: { ...base.environments, cloud } };
    const mesh = defaultApp(config);
    for (const id of ["cloud-infra", "consul-cloud", "mesh-cloud"]) {
      expect(at(stackJson(mesh, id), "terraform.backend")).toEqual({
        s3: {
          bucket: "acme-tf-state",
          region: "eu-west-1",
          key: `mesh/${id}.tfstate`,
          encrypt: true,
          use_lockfile: true,
        },
      });
    }
    expect(at(stackJson(mesh, "mesh-onprem"), "terraform.backend")).toEqual({
      local: { path: "../../../state/mesh-onprem.tfstate" },
    });
  });

  it("locks with DynamoDB instead when a table is named", () => {
    const base = loadConfig();
    const cloud = {
      ...base.environments.cloud,
      backend: { type: "s3" as const, bucket: "b", region: "eu-west-1", dynamodbTable: "locks" },
    };
    const json = stackJson(defaultApp({ ...base, environments: { ...base.environments, cloud } }), "cloud-infra");
    expect(at(json, "terraform.backend.s3")).toMatchObject({
      dynamodb_table: "locks",
      key: "hybrid-mesh/cloud-infra.tfstate",
    });
    expect(at(json, "terraform.backend.s3.use_lockfile")).toBeUndefined();
  });
});

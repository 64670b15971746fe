import { TerraformStack, Testing } from "cdktf";
import { ConsulTarget } from "../../constructs/consul-target";
import { manifests, type TerraformJson } from "../support";

/** A fresh stack named "test" (construct paths in messages start with "test/"). */
export function newStack(): TerraformStack {
  return new TerraformStack(Testing.app(), "test");
}

/** The synthesized Terraform JSON of a stack. */
export function synthJson(stack: TerraformStack): TerraformJson {
  return JSON.parse(Testing.synth(stack)) as TerraformJson;
}

/** The single manifest of a stack. */
export function onlyManifest(stack: TerraformStack) {
  const all = manifests(synthJson(stack));
  if (all.length !== 1) throw new Error(`expected one kubernetes_manifest, got ${all.length}`);
  return all[0];
}

/** A stack whose constructs target Consul Enterprise with namespaces and admin partitions on. */
export function enterpriseStack(): TerraformStack {
  const stack = newStack();
  ConsulTarget.set(stack, { edition: "enterprise", namespaces: true, partitions: true });
  return stack;
}

export { problemsOf } from "../support/errors";

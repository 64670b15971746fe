import { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { MeshValidationError } from "../errors";

/** One object a construct claims: a key unique per object, and how to name it in the error. */
export interface ClaimKey {
  readonly key: readonly unknown[];
  readonly what: string;
}

// Objects claimed per stack: key -> construct path of the first claimant.
const claims = new WeakMap<TerraformStack, Map<string, string>>();

/**
 * Refuses an object that another construct of the same stack already defines on the same
 * provider (`provider` names it; it is part of every key): Terraform would fight over it.
 * Throws a MeshValidationError naming the first claimant; otherwise records every key.
 */
export function claim(scope: Construct, provider: string, keys: readonly ClaimKey[]): void {
  const stack = TerraformStack.of(scope);
  let taken = claims.get(stack);
  if (!taken) claims.set(stack, (taken = new Map<string, string>()));
  const full = keys.map((k) => [JSON.stringify([...k.key, provider]), k.what] as const);
  for (const [key, what] of full) {
    const first = taken.get(key);
    if (first !== undefined) {
      throw new MeshValidationError([
        `${scope.node.path}: ${what} on ${provider} is already defined by ${first}; define it once (add to that construct instead)`,
      ]);
    }
  }
  for (const [key] of full) taken.set(key, scope.node.path);
}

import { PolicyRule } from "../types";
import { CONSUL_RULES } from "./consul";
import { EKS_RULES } from "./eks";
import { MESH_RULES } from "./mesh";
import { NETWORK_RULES } from "./network";
import { SECRETS_RULES } from "./secrets";
import { VM_RULES } from "./vm";
import { WORKLOAD_RULES } from "./workloads";

export { CONSUL_RULES } from "./consul";
export { EKS_RULES } from "./eks";
export { MESH_RULES } from "./mesh";
export { MESH_GATEWAY_TAG, NETWORK_RULES } from "./network";
export { SECRETS_RULES } from "./secrets";
export { WORKLOAD_RULES } from "./workloads";
export { VM_RULES } from "./vm";
export { releaseValues, isConsulChart } from "./consul-values";

/** Every rule pack, in report order. */
export const DEFAULT_RULES: readonly PolicyRule[] = [
  ...NETWORK_RULES,
  ...EKS_RULES,
  ...CONSUL_RULES,
  ...MESH_RULES,
  ...WORKLOAD_RULES,
  ...SECRETS_RULES,
  ...VM_RULES,
];

/** The IDs of the rules that guard a config concern (see {@link PolicyRule.configConcerns}). */
export function rulesGuarding(concern: string, rules: readonly PolicyRule[] = DEFAULT_RULES): string[] {
  return rules.filter((r) => r.configConcerns?.includes(concern)).map((r) => r.id);
}

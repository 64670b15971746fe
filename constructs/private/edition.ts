import type { ResolvedConsulTarget } from "../consul-target";
import type { Problems } from "./problems";

/** Features of Consul Enterprise that some fields need. */
export type EnterpriseFeature = "namespaces" | "partitions" | "samenessGroups";

/**
 * Records a problem when `value` is set but the target lacks `feature`. The messages follow the
 * consul-k8s webhook ("Consul Enterprise namespaces must be enabled to set ..."); sameness groups
 * exist only in Consul Enterprise (the CE server rejects them).
 */
export function checkFeature(
  p: Problems,
  target: ResolvedConsulTarget,
  feature: EnterpriseFeature,
  path: string,
  value: unknown,
): void {
  if (value === undefined || value === null || value === "") return;
  if (feature === "namespaces" && !target.namespaces) {
    p.add(
      path,
      value,
      'needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope',
    );
  } else if (feature === "partitions" && !target.partitions) {
    p.add(
      path,
      value,
      'needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope',
    );
  } else if (feature === "samenessGroups" && target.edition !== "enterprise") {
    p.add(
      path,
      value,
      'needs Consul Enterprise (sameness groups); set ConsulTarget { edition: "enterprise" } on the scope',
    );
  }
}

/** Records a problem when `value` is set but the target is not Consul Enterprise; `what` names the feature. */
export function checkEnterprise(
  p: Problems,
  target: ResolvedConsulTarget,
  path: string,
  value: unknown,
  what: string,
): void {
  if (value === undefined || value === null || target.edition === "enterprise") return;
  p.add(path, value, `needs Consul Enterprise (${what}); set ConsulTarget { edition: "enterprise" } on the scope`);
}

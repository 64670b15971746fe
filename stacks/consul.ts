import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { Release } from "@cdktf/provider-helm/lib/release";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { CONSUL_CHART, renderValues } from "../infra/chart-values";
import { environmentKind, type EnvContext } from "../app/environments";
import { CONSUL_NAMESPACE, MeshNamespaces } from "../infra/namespaces";

/**
 * consul-<env>: the consul Helm release with secure values, and a PodDisruptionBudget for the
 * mesh gateway (the chart ships none). Consul CRD objects live in the mesh stack: their CRDs are
 * installed by this release, and kubernetes_manifest cannot plan before they exist.
 */
export class ConsulStack extends TerraformStack {
  public readonly release: Release;
  /** The rendered values (one YAML document), for the summary and tests. */
  public readonly values: string;

  constructor(scope: Construct, id: string, ctx: EnvContext) {
    super(scope, id);
    const kind = environmentKind(ctx);
    const { kubernetes, helm } = kind.clusterAccess(this, ctx, { helm: true });
    const namespaces = kind.namespacesInConsulStack
      ? new MeshNamespaces(this, "namespaces", { provider: kubernetes, project: ctx.config.project })
      : undefined;
    const before = [...(namespaces ? [namespaces.consul] : []), ...kind.releasePrerequisites(this, ctx, kubernetes)];
    const { overlay, overrides } = kind.chartValues(ctx);
    this.values = renderValues(overlay, overrides);

    this.release = new Release(this, "consul", {
      provider: helm,
      name: "consul",
      namespace: CONSUL_NAMESPACE,
      createNamespace: false,
      ...CONSUL_CHART,
      values: [this.values],
      wait: true,
      timeout: 900,
      atomic: true,
      cleanupOnFail: true,
      maxHistory: 10,
      dependsOn: before.length ? before : undefined,
    });

    new PodDisruptionBudgetV1(this, "mesh-gateway-pdb", {
      provider: kubernetes,
      metadata: { name: "consul-mesh-gateway", namespace: CONSUL_NAMESPACE },
      spec: {
        // One gateway may go at a time: with 2+ replicas peering traffic keeps flowing, and a
        // single gateway (kind) can still be drained.
        maxUnavailable: "1",
        selector: { matchLabels: { app: "consul", component: "mesh-gateway", release: "consul" } },
      },
      dependsOn: [this.release],
    });
  }
}

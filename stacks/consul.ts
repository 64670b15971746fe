import { TerraformStack, type ITerraformDependable } from "cdktf";
import type { Construct } from "constructs";
import { Release } from "@cdktf/provider-helm/lib/release";
import { PodDisruptionBudgetV1 } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { CONSUL_CHART, renderValues, type Values } from "../infra/chart-values";
import { CONSUL_NAMESPACE, MeshNamespaces } from "../infra/namespaces";
import type { ClusterAccessor } from "./cluster";

export interface ConsulStackProps {
  readonly project: string;
  readonly access: ClusterAccessor;
  /** Whether this stack creates the namespaces (the infra stack cannot reach the cluster). */
  readonly createNamespaces: boolean;
  /** Resources the release needs first in the cluster (e.g. a StorageClass), made in `scope`. */
  readonly prerequisites: (scope: Construct, kubernetes: KubernetesProvider) => ITerraformDependable[];
  /** The chart overlay file under charts-values/ and the typed overrides from config. */
  readonly values: { readonly overlay: string; readonly overrides: Values };
}

/**
 * consul-<env>: the consul Helm release with secure values, and a PodDisruptionBudget for the
 * mesh gateway (the chart ships none). Consul CRD objects live in the mesh stack: their CRDs are
 * installed by this release, and kubernetes_manifest cannot plan before they exist.
 */
export class ConsulStack extends TerraformStack {
  public readonly release: Release;
  /** The rendered values (one YAML document), for the summary and tests. */
  public readonly values: string;

  constructor(scope: Construct, id: string, props: ConsulStackProps) {
    super(scope, id);
    const { kubernetes, helm } = props.access(this, { helm: true });
    const namespaces = props.createNamespaces
      ? new MeshNamespaces(this, "namespaces", { provider: kubernetes, project: props.project })
      : undefined;
    const before = [...(namespaces ? [namespaces.consul] : []), ...props.prerequisites(this, kubernetes)];
    const { overlay, overrides } = props.values;
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

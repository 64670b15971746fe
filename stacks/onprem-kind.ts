import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import * as YAML from "yaml";
import { Release } from "@cdktf/provider-helm/lib/release";
import { HELM_YAML } from "../constructs/policy/rules/consul-values";
import type { KindClusterFile } from "../infra/kind-cluster";
import { MeshNamespaces } from "../infra/namespaces";
import type { ClusterAccessor } from "./cluster";

/** Calico's operator chart, pinned: the pod network of the kind cluster (kind's own CNI is off). */
const CALICO_CHART = {
  repository: "https://docs.tigera.io/calico/charts",
  chart: "tigera-operator",
  version: "v3.32.2",
} as const;

export interface OnpremKindStackProps {
  readonly project: string;
  /** The kube context the cluster is reached through. */
  readonly kubeContext: string;
  /** The kind config file, read and checked. */
  readonly cluster: KindClusterFile;
  readonly access: ClusterAccessor;
}

/**
 * The on-prem cluster's baseline. The kind cluster itself comes from the shipped kind config
 * (`kind create cluster --config config/kind/onprem.yaml`), without kind's default CNI; this stack
 * targets it through its kube context, installs Calico as the pod network, and prepares the
 * namespaces with their Pod Security labels.
 */
export class OnpremKindStack extends TerraformStack {
  public readonly namespaces: MeshNamespaces;
  public readonly podNetwork: Release;

  constructor(scope: Construct, id: string, props: OnpremKindStackProps) {
    super(scope, id);
    const { kubernetes, helm } = props.access(this, { helm: true });
    // Consul's CNI plugin chains after the primary CNI's conflist; consul-k8s runs its own kind
    // tests on Calico with kindnet disabled (consul-k8s Makefile, kind-cni-calico). The nodes stay
    // NotReady until this is installed; the operator tolerates that.
    this.podNetwork = new Release(this, "calico", {
      provider: helm,
      name: "calico",
      namespace: "tigera-operator",
      createNamespace: true,
      ...CALICO_CHART,
      values: [
        YAML.stringify(
          {
            installation: {
              calicoNetwork: {
                ipPools: [
                  {
                    cidr: props.cluster.podSubnet,
                    encapsulation: "VXLAN",
                    natOutgoing: "Enabled",
                    nodeSelector: "all()",
                  },
                ],
              },
            },
          },
          HELM_YAML,
        ),
      ],
      wait: true,
      timeout: 600,
      atomic: true,
    });
    this.namespaces = new MeshNamespaces(this, "namespaces", { provider: kubernetes, project: props.project });
    new TerraformOutput(this, "kube_context", { value: props.kubeContext });
  }
}

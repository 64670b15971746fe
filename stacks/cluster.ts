import type { Construct } from "constructs";
import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";

/** The providers of one Kubernetes cluster in a stack. */
export interface ClusterAccess {
  readonly kubernetes: KubernetesProvider;
  /** Only when asked for. */
  readonly helm?: HelmProvider;
}

export interface AccessOptions {
  /** Provider alias, when the cluster is not the stack's own. */
  readonly alias?: string;
  readonly helm?: boolean;
}

/** Makes a cluster's providers in a stack; the environment kind behind it stays in the app layer. */
export type ClusterAccessor = (scope: Construct, opts?: AccessOptions) => ClusterAccess;

/** An acceptor a mesh stack dials: its environment name, the peering version and its cluster. */
export interface PeerAccess {
  readonly name: string;
  readonly version: number;
  readonly access: ClusterAccessor;
}

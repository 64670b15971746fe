import type { App, ITerraformDependable, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { ConnectivityConfig, EnvironmentConfig, ExternalServiceConfig } from "../../config/types";
import type { EnvironmentPlan } from "../../constructs/topology";
import type { Values } from "../../infra/chart-values";
import type { AccessOptions, ClusterAccess, PeerAccess } from "../../stacks/cluster";

/**
 * One environment as its kind sees it: its name, its slice of config and the project-wide
 * settings it needs. Nothing about other environments: what is derived across them is computed
 * by the app (see {@link InfraInput}, {@link MeshInput}).
 */
export interface EnvContext<E extends EnvironmentConfig = EnvironmentConfig> {
  readonly name: string;
  readonly env: E;
  readonly project: string;
  readonly connectivity: ConnectivityConfig;
  /** The external services this environment's terminating gateway reaches. @default - none */
  readonly externalServices?: readonly ExternalServiceConfig[];
}

/** What the app derives for an infra stack. */
export interface InfraInput {
  /** This environment's part of the derived topology. */
  readonly plan: EnvironmentPlan;
  /** Every on-prem network the site-to-site VPN routes, from all environments. */
  readonly vpnRoutedCidrs: readonly string[];
}

/** Every kind: the stack that provides the cluster or hosts, first in deploy order. */
export interface InfraKind<E extends EnvironmentConfig = EnvironmentConfig> {
  /** The infra stack's id, e.g. "cloud-infra" or "onprem-kind". */
  infraStackId(ctx: EnvContext<E>): string;
  createInfraStack(app: App, ctx: EnvContext<E>, input: InfraInput): TerraformStack;
}

/** Every kind: what its mesh gateway offers to the others, for the topology. */
export interface GatewayKind<E extends EnvironmentConfig = EnvironmentConfig> {
  /** Why peers cannot reach this gateway; undefined when they can. */
  unreachableHint(ctx: EnvContext<E>): string | undefined;
  /** The networks of this environment the site-to-site VPN routes. @default - none */
  vpnRoutedCidrs?(env: E): string[];
}

/** How stacks reach a Kubernetes cluster: its own stacks, and dialers' mesh stacks for an acceptor. */
export interface ClusterAccessKind<E extends EnvironmentConfig = EnvironmentConfig> {
  /** Kubernetes (and optionally Helm) providers for this cluster in `scope`; `alias` when not the stack's own. */
  clusterAccess(scope: Construct, ctx: EnvContext<E>, opts?: AccessOptions): ClusterAccess;
}

/** What the consul Helm release needs in this cluster. */
export interface ConsulReleaseKind<E extends EnvironmentConfig = EnvironmentConfig> {
  /** Whether the consul stack must create the namespaces (the infra stack cannot reach the cluster). */
  readonly namespacesInConsulStack: boolean;
  /** Resources the consul release needs first in this cluster (e.g. a StorageClass), made in the consul stack. */
  releasePrerequisites(scope: Construct, ctx: EnvContext<E>, kubernetes: KubernetesProvider): ITerraformDependable[];
  /** The chart overlay file under charts-values/ and the typed overrides from config. */
  chartValues(ctx: EnvContext<E>): { overlay: string; overrides: Values };
}

/** Where the workloads' images come from. */
export interface ImageKind<E extends EnvironmentConfig = EnvironmentConfig> {
  /** Full image reference for a service, resolved in `scope`. */
  image(scope: Construct, ctx: EnvContext<E>, service: string): string;
}

/** A Kubernetes cluster, which the shared consul and mesh stacks target. */
export type ClusterKind<E extends EnvironmentConfig = EnvironmentConfig> = ClusterAccessKind<E> &
  ConsulReleaseKind<E> &
  ImageKind<E>;

/** What the app derives for a mesh stack. */
export interface MeshInput {
  readonly plan: EnvironmentPlan;
  /** The acceptors this environment dials, each with its cluster access. */
  readonly dialsTo: readonly PeerAccess[];
}

/** A kind without a Kubernetes cluster (VMs): it builds its consul and mesh stacks itself. */
export interface OwnStacksKind<E extends EnvironmentConfig = EnvironmentConfig> {
  createConsulStack(app: App, id: string, ctx: EnvContext<E>, infra: TerraformStack): TerraformStack;
  createMeshStack(app: App, id: string, ctx: EnvContext<E>, consul: TerraformStack, input: MeshInput): TerraformStack;
}

/** An environment kind: infra and gateway always; then either a cluster the shared stacks target, or stacks of its own. */
export type EnvironmentKind<E extends EnvironmentConfig = EnvironmentConfig> = InfraKind<E> &
  GatewayKind<E> &
  (
    | { readonly cluster: ClusterKind<E>; readonly stacks?: never }
    | { readonly stacks: OwnStacksKind<E>; readonly cluster?: never }
  );

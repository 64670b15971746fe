import type { App, ITerraformDependable, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { EnvironmentConfig, MeshConfig } from "../../config/types";
import type { Values } from "../../infra/chart-values";
import type { EnvironmentPlan } from "../../constructs/topology";

/** One environment as the stacks see it: its name, its slice of config, and the whole config. */
export interface EnvContext<E extends EnvironmentConfig = EnvironmentConfig> {
  readonly name: string;
  readonly env: E;
  readonly config: MeshConfig;
}

export interface ClusterAccess {
  readonly kubernetes: KubernetesProvider;
  /** Only when asked for. */
  readonly helm?: HelmProvider;
}

/**
 * What differs between environment kinds (EKS, kind; VMs later). Stacks call these instead of
 * branching on a kind or an environment name.
 */
export interface EnvironmentKind<E extends EnvironmentConfig = EnvironmentConfig> {
  /** Creates the stack that provides the cluster or hosts (first in deploy order). */
  createInfraStack(app: App, ctx: EnvContext<E>, plan: EnvironmentPlan): TerraformStack;
  /**
   * For kinds without a Kubernetes cluster (VMs): builds the consul and mesh stacks itself
   * instead of the Helm release and the CRDs. @default - ConsulStack and MeshStack
   */
  readonly stacks?: OwnStacks<E>;
  /** Hosts and their roles, for the synth summary. @default - none */
  describeHosts?(ctx: EnvContext<E>): string[];
  /** The infra stack's id, e.g. "cloud-infra" or "onprem-kind". */
  infraStackId(ctx: EnvContext<E>): string;
  /** Whether the consul stack must create the namespaces (the infra stack cannot reach the cluster). */
  readonly namespacesInConsulStack: boolean;
  /** Kubernetes (and optionally Helm) providers for this cluster in `scope`; `alias` when not the stack's own. */
  clusterAccess(scope: Construct, ctx: EnvContext<E>, opts?: { alias?: string; helm?: boolean }): ClusterAccess;
  /** Resources the consul release needs first in this cluster (e.g. a StorageClass), made in the consul stack. */
  releasePrerequisites(scope: Construct, ctx: EnvContext<E>, kubernetes: KubernetesProvider): ITerraformDependable[];
  /** The chart overlay file under charts-values/ and the typed overrides from config. */
  chartValues(ctx: EnvContext<E>): { overlay: string; overrides: Values };
  /** Full image reference for a service, resolved in `scope`. */
  image(scope: Construct, ctx: EnvContext<E>, service: string): string;
  /** Environments whose gateways can reach this one's, and why others cannot. */
  gatewayReachability(ctx: EnvContext<E>): { reachableFrom: string[]; hint?: string };
  /** One line: what the stacks target, for the synth summary. */
  describeTarget(ctx: EnvContext<E>): string;
  /** How the mesh gateway is exposed, for the synth summary. */
  describeGateway(ctx: EnvContext<E>): string;
}

/** The consul and mesh stacks of a kind that brings its own (see {@link EnvironmentKind.stacks}). */
export interface OwnStacks<E extends EnvironmentConfig = EnvironmentConfig> {
  createConsulStack(app: App, id: string, ctx: EnvContext<E>, infra: TerraformStack): TerraformStack;
  createMeshStack(app: App, id: string, props: {
    readonly ctx: EnvContext<E>;
    readonly plan: EnvironmentPlan;
    readonly consul: TerraformStack;
    readonly dialsTo: readonly { readonly ctx: EnvContext; readonly version: number }[];
  }): TerraformStack;
}

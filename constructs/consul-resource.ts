import { ITerraformDependable, TerraformProvider } from "cdktf";

/** apiVersion of every Consul custom resource these constructs emit. */
export const CONSUL_API_VERSION = "consul.hashicorp.com/v1alpha1";

/** Kubernetes namespace the Consul custom resources go to unless told otherwise. */
export const DEFAULT_CONSUL_NAMESPACE = "consul";

/** Props shared by every Consul custom-resource construct. */
export interface ConsulResourceProps {
  /**
   * Kubernetes provider of the cluster the resource goes to. Pass the alias of the target cluster
   * when a stack holds more than one kubernetes provider.
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Kubernetes namespace of the custom resource.
   * @default "consul"
   */
  readonly namespace?: string;
  /**
   * Resources to create before this one, e.g. the consul `helm_release` that installs the CRDs.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
  /**
   * Extra labels on the custom resource.
   * @default - none
   */
  readonly labels?: { readonly [key: string]: string };
  /**
   * Extra annotations on the custom resource.
   * @default - none
   */
  readonly annotations?: { readonly [key: string]: string };
}

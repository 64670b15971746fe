import { ITerraformDependable, TerraformProvider } from "cdktf";
import type { ConfigEntry } from "@cdktf/provider-consul/lib/config-entry";
import type { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";

/** apiVersion of every Consul custom resource these constructs emit. */
export const CONSUL_API_VERSION = "consul.hashicorp.com/v1alpha1";

/** Kubernetes namespace the Consul custom resources go to unless told otherwise. */
export const DEFAULT_CONSUL_NAMESPACE = "consul";

/**
 * What a Consul construct emits: a consul-k8s custom resource (`kubernetes_manifest`) for a
 * Kubernetes provider, or a `consul_config_entry` for a Consul provider.
 */
export type ConsulEntryResource = Manifest | ConfigEntry;

/** Props shared by every Consul custom-resource construct. */
export interface ConsulResourceProps {
  /**
   * Where the config entry goes, which also picks its form. A kubernetes provider (pass the alias
   * of the target cluster when a stack holds more than one): a consul-k8s custom resource. A
   * Consul provider (`@cdktf/provider-consul`, e.g. a VM datacenter): a `consul_config_entry`
   * with the same content; `namespace`, `labels` and `annotations` are then refused.
   * @default - the stack's default kubernetes provider
   */
  readonly provider?: TerraformProvider;
  /**
   * Kubernetes namespace of the custom resource (Kubernetes provider only).
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

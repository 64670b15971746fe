import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import type { ConsulEntryResource } from "../consul-resource";
import { createConsulConfigEntry, refuseConsulProvider } from "./consul-entry";
import { ConsulManifestArgs, createConsulManifest } from "./kubernetes";
import type { Problems } from "./problems";

/**
 * True for a provider of hashicorp/consul. cdktf stamps every provider with its Terraform type;
 * checking it (not instanceof) also works across two installed copies of the provider package.
 */
export function isConsulProvider(provider: TerraformProvider | undefined): boolean {
  return provider?.terraformResourceType === "consul";
}

/**
 * Emits one Consul config entry as the child "Resource" of `scope`, on the target the construct's
 * provider picks: a `consul_config_entry` for a Consul provider, else a consul-k8s custom
 * resource in a `kubernetes_manifest`. The spec is the same for both.
 */
export function createConsulResource(scope: Construct, args: ConsulManifestArgs): ConsulEntryResource {
  return isConsulProvider(args.props.provider)
    ? createConsulConfigEntry(scope, args)
    : createConsulManifest(scope, args);
}

/** Records a problem when a kind that exists only on Kubernetes is given a Consul provider. */
export function checkKubernetesProvider(p: Problems, kind: string, provider: TerraformProvider | undefined): void {
  if (isConsulProvider(provider)) refuseConsulProvider(p, kind, provider);
}

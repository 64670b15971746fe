import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { Manifest, ManifestWait } from "@cdktf/provider-kubernetes/lib/manifest";
import { Problems } from "./errors";
import { checkDnsLabel, isToken, toManifest } from "./validation";

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

/** What {@link createConsulManifest} needs to emit one Consul custom resource. */
export interface ConsulManifestArgs {
  /** Kind, e.g. "ServiceIntentions". */
  readonly kind: string;
  /** metadata.name. */
  readonly name: string;
  /** Common props of the construct. */
  readonly props: ConsulResourceProps;
  /** The spec: a plain object, or a token (Lazy) that produces one. */
  readonly spec: unknown;
  /** Annotations added by the construct itself (they win over `props.annotations`). */
  readonly annotations?: { readonly [key: string]: string };
  /** The kubernetes_manifest `wait` block. */
  readonly wait?: ManifestWait;
}

/** Checks the props shared by every Consul construct. `kind` prefixes the prop paths. */
export function checkConsulResourceProps(p: Problems, kind: string, props: ConsulResourceProps): void {
  checkDnsLabel(p, `${kind}.namespace`, props.namespace);
}

/**
 * Emits the `kubernetes_manifest` of one Consul custom resource as the child "Resource" of `scope`.
 * Literal strings are escaped so that Terraform does not evaluate "${...}" in user text.
 */
export function createConsulManifest(scope: Construct, args: ConsulManifestArgs): Manifest {
  const { props } = args;
  const annotations = { ...(props.annotations ?? {}), ...(args.annotations ?? {}) };
  const metadata = {
    name: args.name,
    namespace: props.namespace ?? DEFAULT_CONSUL_NAMESPACE,
    labels: props.labels && Object.keys(props.labels).length ? { ...props.labels } : undefined,
    annotations: Object.keys(annotations).length ? annotations : undefined,
  };
  return new Manifest(scope, "Resource", {
    provider: props.provider,
    dependsOn: props.dependsOn,
    manifest: toManifest({
      apiVersion: CONSUL_API_VERSION,
      kind: args.kind,
      metadata,
      spec: isToken(args.spec) ? args.spec : toManifest(args.spec),
    }),
    wait: args.wait,
  });
}

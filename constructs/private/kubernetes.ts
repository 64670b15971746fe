import { Construct } from "constructs";
import { Manifest, ManifestWait } from "@cdktf/provider-kubernetes/lib/manifest";
import { CONSUL_API_VERSION, ConsulResourceProps, DEFAULT_CONSUL_NAMESPACE } from "../consul-resource";
import { ConsulTarget } from "../consul-target";
import { ClaimKey, claim } from "./claim";
import { show } from "./format";
import { Problems } from "./problems";
import { checkDnsLabel, isToken, toManifest } from "./validation";

/**
 * The Kubernetes target: renders one Consul config entry (kind, name, spec built by the
 * construct's spec builder) as a consul-k8s custom resource in a `kubernetes_manifest`. The
 * Consul target (consul-entry.ts) renders the same spec as a `consul_config_entry`; target.ts
 * picks one by the construct's provider.
 */

/** What {@link createConsulManifest} needs to emit one Consul custom resource. */
export interface ConsulManifestArgs {
  /** Kind, e.g. "ServiceIntentions". */
  readonly kind: string;
  /** metadata.name. */
  readonly name: string;
  /**
   * Name of the Consul config entry when it is not metadata.name (ServiceIntentions: the
   * destination). Two resources for one entry clash in Consul.
   * @default - the name
   */
  readonly entryName?: string;
  /**
   * Consul namespace of the config entry when namespaces are on (ServiceIntentions: the
   * destination's).
   * @default - the Kubernetes namespace (consul-k8s mirrors it)
   */
  readonly entryNamespace?: string;
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
 * Throws when the stack already holds the same object (see {@link claim}).
 */
export function createConsulManifest(scope: Construct, args: ConsulManifestArgs): Manifest {
  const { props } = args;
  claimManifest(scope, args);
  const labels = { ...props.labels };
  const annotations = { ...props.annotations, ...args.annotations };
  const metadata = {
    name: args.name,
    namespace: props.namespace ?? DEFAULT_CONSUL_NAMESPACE,
    labels: Object.keys(labels).length ? labels : undefined,
    annotations: Object.keys(annotations).length ? annotations : undefined,
  };
  return new Manifest(scope, "Resource", {
    provider: props.provider,
    dependsOn: props.dependsOn,
    // Escaped once, here: a token spec is left as it is (its producer escapes what it builds).
    manifest: toManifest({ apiVersion: CONSUL_API_VERSION, kind: args.kind, metadata, spec: args.spec }),
    wait: args.wait,
  });
}

/**
 * Refuses a second object of the same kind and name in the same namespace on the same cluster
 * (the same kubernetes provider): Kubernetes would keep one and Terraform would fight over it.
 * Also refuses a second resource for the same Consul config entry (kind + entry name on one
 * cluster), e.g. two ServiceIntentions for one destination under different metadata names:
 * consul-k8s syncs only the first and marks the other failed. Without Consul namespaces every
 * entry lives in one namespace; with them, entries in different namespaces are distinct.
 */
function claimManifest(scope: Construct, args: ConsulManifestArgs): void {
  if (isToken(args.name) || isToken(args.props.namespace) || isToken(args.entryName)) return;
  const provider = args.props.provider ? args.props.provider.node.path : "(default kubernetes provider)";
  const namespace = args.props.namespace ?? DEFAULT_CONSUL_NAMESPACE;
  const entryNamespace = ConsulTarget.of(scope).namespaces ? (args.entryNamespace ?? namespace) : undefined;
  claim(scope, provider, [
    {
      key: ["object", args.kind, namespace, args.name],
      what: `${args.kind} ${show(args.name)} in namespace ${show(namespace)}`,
    },
    entryClaim(args.kind, entryNamespace, args.entryName ?? args.name),
  ]);
}

/** The claim of one Consul config entry, the same for both targets (no namespace without Consul namespaces). */
export function entryClaim(kind: string, entryNamespace: string | undefined, entryName: string): ClaimKey {
  return { key: ["entry", kind, entryNamespace, entryName], what: `the ${kind} config entry ${show(entryName)}` };
}

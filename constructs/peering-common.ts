import { Construct } from "constructs";
import { Manifest, ManifestWait } from "@cdktf/provider-kubernetes/lib/manifest";
import { Problems } from "./private/problems";
import { ConsulResourceProps, DEFAULT_CONSUL_NAMESPACE } from "./consul-resource";
import { checkConsulResourceProps, createConsulManifest } from "./private/kubernetes";
import { checkKubernetesProvider } from "./private/target";
import { checkDnsLabel, checkInt, checkRequired, isToken } from "./private/validation";

/** Annotation whose increase makes consul-k8s generate (acceptor) or re-dial (dialer) a peering token. */
export const PEERING_VERSION_ANNOTATION = "consul.hashicorp.com/peering-version";

/** Key of the peering token in its Secret unless told otherwise. */
export const DEFAULT_PEERING_TOKEN_KEY = "data";

/** Props shared by {@link PeeringAcceptor} and {@link PeeringDialer}. */
export interface PeeringProps extends ConsulResourceProps {
  /** Name of the peer as this cluster knows it (the resource name), e.g. "onprem". */
  readonly peerName: string;
  /**
   * Name of the Kubernetes Secret holding the peering token (same namespace as the resource).
   * @default "peering-token-<peerName>"
   */
  readonly secretName?: string;
  /**
   * Key of the token in the Secret.
   * @default "data"
   */
  readonly secretKey?: string;
  /**
   * Value of the `consul.hashicorp.com/peering-version` annotation. Increase it to generate a new
   * token (acceptor) or to re-establish the peering (dialer).
   * @default - no annotation
   */
  readonly peeringVersion?: number;
}

/** The rendered `spec.peer.secret`. */
export interface PeeringSecretRef {
  /** Secret name. */
  readonly name: string;
  /** Key in the Secret. */
  readonly key: string;
  /** Always "kubernetes", the only backend consul-k8s supports. */
  readonly backend: "kubernetes";
}

const SECRET_KEY = /^[-._a-zA-Z0-9]+$/;

/** Validates the props shared by the peering resources; `kind` prefixes prop paths. */
export function checkPeeringProps(p: Problems, kind: string, props: PeeringProps): void {
  checkConsulResourceProps(p, kind, props);
  if (checkRequired(p, `${kind}.peerName`, props.peerName)) checkDnsLabel(p, `${kind}.peerName`, props.peerName);
  checkDnsLabel(p, `${kind}.secretName`, props.secretName);
  const key = props.secretKey;
  if (key !== undefined && !isToken(key) && (!SECRET_KEY.test(key) || key.length > 253)) {
    p.add(`${kind}.secretKey`, key, 'is not a valid Secret key (letters, digits, "-", "_" and ".")');
  }
  checkInt(p, `${kind}.peeringVersion`, props.peeringVersion, 0, Number.MAX_SAFE_INTEGER);
}

/** The Secret reference of a peering resource. */
export function peeringSecretRef(props: PeeringProps): PeeringSecretRef {
  return {
    name: props.secretName ?? `peering-token-${props.peerName}`,
    key: props.secretKey ?? DEFAULT_PEERING_TOKEN_KEY,
    backend: "kubernetes",
  };
}

/**
 * Waits until consul-k8s has handled this peering version: `status.latestPeeringVersion` equals it.
 * The acceptor sets it only after writing the token Secret, the dialer only after Consul accepted
 * the token (consul-k8s v2.0.3 control-plane/connect-inject/controllers/peering/*_controller.go,
 * updateStatus). Only `fields`: the kubernetes provider's waiter uses the `condition` block alone
 * when one is present (terraform-provider-kubernetes v2.38.0 manifest/provider/waiter.go,
 * NewResourceWaiter), and `Synced` stays "True" from the first version, so it would not wait for a
 * re-peering. Without a version the annotation is absent and `Synced` is all there is to wait on.
 */
export function peeringWait(version: number | undefined): ManifestWait {
  if (version === undefined || isToken(version)) return { condition: [{ type: "Synced", status: "True" }] };
  return { fields: { "status.latestPeeringVersion": `^${version}$` } };
}

/** The annotations a peering resource sets itself. */
export function peeringAnnotations(props: PeeringProps): { [key: string]: string } | undefined {
  return props.peeringVersion === undefined
    ? undefined
    : { [PEERING_VERSION_ANNOTATION]: String(props.peeringVersion) };
}

/**
 * What PeeringAcceptor and PeeringDialer share: the same props, the same rendered spec (the token
 * Secret reference) and the same version annotation; they differ only in kind and in waiting.
 */
export abstract class PeeringResource extends Construct {
  /** The emitted `kubernetes_manifest`. */
  public readonly resource: Manifest;
  /** Name of the peer (the resource name). */
  public readonly peerName: string;
  /** The token Secret: where consul-k8s writes it (acceptor) or reads it (dialer). */
  public readonly secret: PeeringSecretRef;
  /** Namespace of the resource and of the token Secret. */
  public readonly namespace: string;

  protected constructor(
    scope: Construct,
    id: string,
    kind: "PeeringAcceptor" | "PeeringDialer",
    props: PeeringProps,
    wait?: ManifestWait,
  ) {
    super(scope, id);
    const p = new Problems(this.node.path);
    checkPeeringProps(p, kind, props);
    checkKubernetesProvider(p, kind, props.provider);
    p.throwIfAny();
    this.peerName = props.peerName;
    this.secret = peeringSecretRef(props);
    this.namespace = props.namespace ?? DEFAULT_CONSUL_NAMESPACE;
    this.resource = createConsulManifest(this, {
      kind,
      name: props.peerName,
      props,
      annotations: peeringAnnotations(props),
      spec: { peer: { secret: { ...this.secret } } },
      wait,
    });
  }
}

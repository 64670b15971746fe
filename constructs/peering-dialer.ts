import { Construct } from "constructs";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Problems } from "./errors";
import { DEFAULT_CONSUL_NAMESPACE, createConsulManifest } from "./consul-resource";
import { PeeringProps, PeeringSecretRef, checkPeeringProps, peeringAnnotations, peeringSecretRef } from "./peering-common";

/** Props of {@link PeeringDialer}. */
export interface PeeringDialerProps extends PeeringProps {}

/**
 * A PeeringDialer: consul-k8s dials the peer `peerName` with the token stored in the Secret
 * `secret.name` (in the resource's namespace). The Secret must exist first.
 */
export class PeeringDialer extends Construct {
  /** The emitted `kubernetes_manifest`. */
  public readonly resource: Manifest;
  /** Name of the peer (the resource name). */
  public readonly peerName: string;
  /** Where the token is read from. */
  public readonly secret: PeeringSecretRef;
  /** Namespace of the resource and of the token Secret. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: PeeringDialerProps) {
    super(scope, id);
    const p = new Problems(this.node.path);
    checkPeeringProps(p, "PeeringDialer", props);
    p.throwIfAny();
    this.peerName = props.peerName;
    this.secret = peeringSecretRef(props);
    this.namespace = props.namespace ?? DEFAULT_CONSUL_NAMESPACE;
    this.resource = createConsulManifest(this, {
      kind: "PeeringDialer",
      name: props.peerName,
      props,
      annotations: peeringAnnotations(props),
      spec: { peer: { secret: { ...this.secret } } },
    });
  }
}

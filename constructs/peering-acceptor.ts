import { Construct } from "constructs";
import { Manifest, ManifestWait } from "@cdktf/provider-kubernetes/lib/manifest";
import { Problems } from "./errors";
import { DEFAULT_CONSUL_NAMESPACE, createConsulManifest } from "./consul-resource";
import { PeeringProps, PeeringSecretRef, checkPeeringProps, peeringAnnotations, peeringSecretRef } from "./peering-common";
import { isToken } from "./validation";

/** Props of {@link PeeringAcceptor}. */
export interface PeeringAcceptorProps extends PeeringProps {
  /**
   * Make `terraform apply` wait until consul-k8s has written the token Secret: the resource's
   * `Synced` condition is "True" and, when `peeringVersion` is set, `status.latestPeeringVersion`
   * has reached it. Readers of the Secret then see the current token.
   * @default true
   */
  readonly waitForToken?: boolean;
}

/**
 * A PeeringAcceptor: consul-k8s generates a peering token for the peer `peerName` and writes it
 * to the Secret `secret.name` in the resource's namespace.
 */
export class PeeringAcceptor extends Construct {
  /** The emitted `kubernetes_manifest`. */
  public readonly resource: Manifest;
  /** Name of the peer (the resource name). */
  public readonly peerName: string;
  /** Where consul-k8s writes the token. */
  public readonly secret: PeeringSecretRef;
  /** Namespace of the resource and of the token Secret. */
  public readonly namespace: string;

  constructor(scope: Construct, id: string, props: PeeringAcceptorProps) {
    super(scope, id);
    const p = new Problems(this.node.path);
    checkPeeringProps(p, "PeeringAcceptor", props);
    p.throwIfAny();
    this.peerName = props.peerName;
    this.secret = peeringSecretRef(props);
    this.namespace = props.namespace ?? DEFAULT_CONSUL_NAMESPACE;
    this.resource = createConsulManifest(this, {
      kind: "PeeringAcceptor",
      name: props.peerName,
      props,
      annotations: peeringAnnotations(props),
      spec: { peer: { secret: { ...this.secret } } },
      wait: props.waitForToken === false ? undefined : tokenWait(props.peeringVersion),
    });
  }
}

function tokenWait(version: number | undefined): ManifestWait {
  return {
    condition: [{ type: "Synced", status: "True" }],
    fields: version === undefined || isToken(version) ? undefined : { "status.latestPeeringVersion": `^${version}$` },
  };
}

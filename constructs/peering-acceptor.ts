import type { Construct } from "constructs";
import { PeeringProps, PeeringResource, peeringWait } from "./peering-common";

/** Props of {@link PeeringAcceptor}. */
export interface PeeringAcceptorProps extends PeeringProps {
  /**
   * Make `terraform apply` wait until consul-k8s has written the token Secret of this version:
   * `status.latestPeeringVersion` equals `peeringVersion` (without a version: `Synced` is "True").
   * Readers of the Secret then see the current token.
   * @default true
   */
  readonly waitForToken?: boolean;
}

/**
 * A PeeringAcceptor: consul-k8s generates a peering token for the peer `peerName` and writes it
 * to the Secret `secret.name` in the resource's namespace.
 */
export class PeeringAcceptor extends PeeringResource {
  constructor(scope: Construct, id: string, props: PeeringAcceptorProps) {
    super(
      scope,
      id,
      "PeeringAcceptor",
      props,
      props.waitForToken === false ? undefined : peeringWait(props.peeringVersion),
    );
  }
}

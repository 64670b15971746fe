import type { Construct } from "constructs";
import { PeeringProps, PeeringResource, peeringWait } from "./peering-common";

/** Props of {@link PeeringDialer}. */
export interface PeeringDialerProps extends PeeringProps {
  /**
   * Make `terraform apply` wait until Consul has established the peering with this version's token:
   * `status.latestPeeringVersion` equals `peeringVersion` (without a version: `Synced` is "True").
   * A dial that fails then fails the apply (at the resource's timeout) instead of passing silently.
   * @default true
   */
  readonly waitForPeering?: boolean;
}

/**
 * A PeeringDialer: consul-k8s dials the peer `peerName` with the token stored in the Secret
 * `secret.name` (in the resource's namespace). The Secret must exist first.
 */
export class PeeringDialer extends PeeringResource {
  constructor(scope: Construct, id: string, props: PeeringDialerProps) {
    super(
      scope,
      id,
      "PeeringDialer",
      props,
      props.waitForPeering === false ? undefined : peeringWait(props.peeringVersion),
    );
  }
}

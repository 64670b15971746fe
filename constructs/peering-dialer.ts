import type { Construct } from "constructs";
import { PeeringProps, PeeringResource } from "./peering-common";

/** Props of {@link PeeringDialer}. */
export interface PeeringDialerProps extends PeeringProps {}

/**
 * A PeeringDialer: consul-k8s dials the peer `peerName` with the token stored in the Secret
 * `secret.name` (in the resource's namespace). The Secret must exist first.
 */
export class PeeringDialer extends PeeringResource {
  constructor(scope: Construct, id: string, props: PeeringDialerProps) {
    super(scope, id, "PeeringDialer", props);
  }
}

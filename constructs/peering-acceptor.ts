import type { Construct } from "constructs";
import type { ManifestWait } from "@cdktf/provider-kubernetes/lib/manifest";
import { PeeringProps, PeeringResource } from "./peering-common";
import { isToken } from "./private/validation";

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
export class PeeringAcceptor extends PeeringResource {
  constructor(scope: Construct, id: string, props: PeeringAcceptorProps) {
    super(scope, id, "PeeringAcceptor", props, props.waitForToken === false ? undefined : tokenWait(props.peeringVersion));
  }
}

function tokenWait(version: number | undefined): ManifestWait {
  return {
    condition: [{ type: "Synced", status: "True" }],
    fields: version === undefined || isToken(version) ? undefined : { "status.latestPeeringVersion": `^${version}$` },
  };
}

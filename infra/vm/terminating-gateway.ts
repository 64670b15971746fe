import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { AclPolicy } from "@cdktf/provider-consul/lib/acl-policy";
import { AclToken } from "@cdktf/provider-consul/lib/acl-token";
import { DataConsulAclTokenSecretId } from "@cdktf/provider-consul/lib/data-consul-acl-token-secret-id";
import { Node } from "@cdktf/provider-consul/lib/node";
import { Service } from "@cdktf/provider-consul/lib/service";
import type { ExternalServicePlan } from "../../constructs/topology";
import { TERMINATING_GATEWAY_NAME, terminatingGatewayRules } from "../terminating-gateway";

export interface VmTerminatingGatewayProps {
  readonly provider: TerraformProvider;
  readonly datacenter: string;
  /** The external services the gateway links (the environment plan's). */
  readonly services: readonly ExternalServicePlan[];
}

/**
 * What a VM datacenter's terminating gateway needs in Consul, besides its config entry: each
 * external service in the catalog, on a node of its own carrying its address (Consul's "register
 * external services" pattern: a node with `external-node` meta, which no agent owns, so
 * anti-entropy never removes it), and the gateway's least-privilege ACL token.
 */
export class VmTerminatingGateway extends Construct {
  /** Secret ID reference of the gateway's token; it stays in state. */
  public readonly token: string;
  public readonly registrations: readonly Service[];

  constructor(scope: Construct, id: string, props: VmTerminatingGatewayProps) {
    super(scope, id);
    const { provider, datacenter } = props;
    this.registrations = props.services.map((e) => {
      const node = new Node(this, `node-${e.name}`, {
        provider,
        datacenter,
        name: `external-${e.name}`,
        address: e.address,
        meta: { "external-node": "true" },
      });
      return new Service(this, `service-${e.name}`, {
        provider,
        datacenter,
        name: e.name,
        nodeAttribute: node.name,
        address: e.address,
        port: e.port,
        tags: ["external"],
      });
    });
    const policy = new AclPolicy(this, "policy", {
      provider,
      name: TERMINATING_GATEWAY_NAME,
      description: "terminating gateway: its own service and the external services it links",
      datacenters: [datacenter],
      rules: JSON.stringify(terminatingGatewayRules(props.services.map((e) => e.name))),
    });
    const token = new AclToken(this, "token", {
      provider,
      description: "terminating gateway token",
      local: true,
      policies: [policy.name],
    });
    this.token = new DataConsulAclTokenSecretId(this, "token-secret", {
      provider,
      accessorId: token.accessorId,
    }).secretId;
  }
}

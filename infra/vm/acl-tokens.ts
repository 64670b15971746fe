import { Construct } from "constructs";
import type { TerraformProvider } from "cdktf";
import { AclPolicy } from "@cdktf/provider-consul/lib/acl-policy";
import { AclToken } from "@cdktf/provider-consul/lib/acl-token";
import { DataConsulAclTokenSecretId } from "@cdktf/provider-consul/lib/data-consul-acl-token-secret-id";

export interface VmAclTokensProps {
  readonly provider: TerraformProvider;
  readonly datacenter: string;
  /** Every agent's node name. */
  readonly nodes: readonly string[];
  /** Every mesh service of the datacenter. */
  readonly services: readonly string[];
}

/**
 * The mesh gateway's rules, as consul-k8s gives its gateways with peering on
 * (hashicorp/consul-k8s control-plane/subcommand/server-acl-init/rules.go, meshGatewayRules):
 * write its own service and the mesh, read peerings, nodes, services and agents.
 * Built as an object; Consul parses JSON rules like HCL.
 */
export const MESH_GATEWAY_RULES = {
  mesh: "write",
  peering: "read",
  service: { "mesh-gateway": { policy: "write" } },
  service_prefix: { "": { policy: "read" } },
  node_prefix: { "": { policy: "read" } },
  agent_prefix: { "": { policy: "read" } },
} as const;

/**
 * Least-privilege ACL tokens, created through the servers' API with the operator's token (the
 * provider reads CONSUL_HTTP_TOKEN; the bootstrap token never passes through Terraform):
 * a node identity per agent, a service identity per service, and one gateway token. Secret IDs
 * are read back through `consul_acl_token_secret_id` and stay in state.
 */
export class VmAclTokens extends Construct {
  /** Secret ID references by node name. */
  public readonly nodeTokens = new Map<string, string>();
  /** Secret ID references by service name. */
  public readonly serviceTokens = new Map<string, string>();
  public readonly gatewayToken: string;

  constructor(scope: Construct, id: string, props: VmAclTokensProps) {
    super(scope, id);
    const { provider, datacenter } = props;
    const secret = (tokenId: string, token: AclToken) =>
      new DataConsulAclTokenSecretId(this, `${tokenId}-secret`, { provider, accessorId: token.accessorId }).secretId;

    for (const node of props.nodes) {
      const token = new AclToken(this, `node-${node}`, {
        provider,
        description: `agent token of node ${node}`,
        local: true,
        nodeIdentities: [{ nodeName: node, datacenter }],
      });
      this.nodeTokens.set(node, secret(`node-${node}`, token));
    }
    for (const service of props.services) {
      const token = new AclToken(this, `service-${service}`, {
        provider,
        description: `service token of ${service} and its sidecar`,
        local: true,
        serviceIdentities: [{ serviceName: service, datacenters: [datacenter] }],
      });
      this.serviceTokens.set(service, secret(`service-${service}`, token));
    }
    const policy = new AclPolicy(this, "mesh-gateway-policy", {
      provider,
      name: "mesh-gateway",
      description: "mesh gateway with peering",
      datacenters: [datacenter],
      rules: JSON.stringify(MESH_GATEWAY_RULES),
    });
    const gateway = new AclToken(this, "mesh-gateway", {
      provider,
      description: "mesh gateway token",
      local: true,
      policies: [policy.name],
    });
    this.gatewayToken = secret("mesh-gateway", gateway);
  }
}

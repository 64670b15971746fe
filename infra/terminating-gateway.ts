import type { Values } from "./chart-values";

/**
 * The terminating gateway's Consul service name, on both kinds: the consul chart's default
 * `terminatingGateways.gateways[0].name`, which the TerminatingGateway config entry must match.
 */
export const TERMINATING_GATEWAY_NAME = "terminating-gateway";

/**
 * Chart values that run one terminating gateway (consul-k8s chart `terminatingGateways`). With
 * managed ACLs the chart's server-acl-init gives it a token for its own service, and consul-k8s's
 * TerminatingGateway controller adds `service:write` on every linked service to that token's role
 * (hashicorp/consul-k8s control-plane/config-entries/controllers/terminatinggateway_controller.go).
 */
export function terminatingGatewayValues(): Values {
  return {
    terminatingGateways: { enabled: true, defaults: { replicas: 1 }, gateways: [{ name: TERMINATING_GATEWAY_NAME }] },
  };
}

/**
 * The VM terminating gateway's ACL rules, the ones consul-k8s ends up giving its gateway: the
 * chart's token (server-acl-init rules.go, terminatingGatewayRules: `service "<gateway>"` write,
 * `node_prefix ""` read) plus what the TerminatingGateway controller adds, `service:write` on each
 * linked service, whose intentions the gateway enforces. Built as an object; Consul parses JSON rules like HCL.
 */
export function terminatingGatewayRules(linked: readonly string[]): Record<string, unknown> {
  const service: Record<string, { policy: "write" }> = { [TERMINATING_GATEWAY_NAME]: { policy: "write" } };
  for (const name of linked) service[name] = { policy: "write" };
  return { service, node_prefix: { "": { policy: "read" } } };
}

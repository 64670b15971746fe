import type { TerraformProvider } from "cdktf";
import type { Construct } from "constructs";
import { ServiceDefaults } from "../constructs/service-defaults";
import { TerminatingGateway } from "../constructs/terminating-gateway";
import type { EnvironmentPlan, UpstreamPlan } from "../constructs/topology";
import { TERMINATING_GATEWAY_NAME } from "../infra/terminating-gateway";

export interface TerminatingGatewayObjectsOptions {
  /**
   * How Consul learns where an external service is. `destination` (Kubernetes): a
   * service-defaults `destination` with its address and port; consul-k8s 2.0.3 has no CRD that
   * registers a catalog node, and callers run as transparent proxies (the chart's
   * `connectInject.transparentProxy.defaultEnabled`, with CNI), which is what destinations need:
   * their outbound listener matches the destination's address and sends it to the gateway
   * (consul-k8s acceptance/tests/terminating-gateway/terminating_gateway_destinations_test.go:
   * "Destinations are only valid when operating in transparent mode").
   * `catalog` (VMs): the service is in the catalog (infra/vm/terminating-gateway.ts) and callers
   * use an explicit upstream, so service-defaults only sets its protocol.
   * @default "destination"
   */
  readonly registration?: "destination" | "catalog";
}

/**
 * The terminating gateway's config entries for one environment: a ServiceDefaults per external
 * service, and the TerminatingGateway linking them all. Intentions for their callers are in the
 * plan's intentions with every other destination. Nothing when the environment has no external
 * service.
 */
export function renderTerminatingGateway(
  scope: Construct,
  plan: EnvironmentPlan,
  common: { readonly provider?: TerraformProvider; readonly namespace?: string },
  opts: TerminatingGatewayObjectsOptions = {},
): TerminatingGateway | undefined {
  if (!plan.externalServices.length) return undefined;
  const destination = (opts.registration ?? "destination") === "destination";
  for (const e of plan.externalServices) {
    new ServiceDefaults(scope, `defaults-${e.name}`, {
      ...common,
      service: e.name,
      protocol: e.protocol as "tcp",
      destination: destination ? { addresses: [e.address], port: e.port } : undefined,
    });
  }
  return new TerminatingGateway(scope, "terminating-gateway", {
    ...common,
    gatewayName: TERMINATING_GATEWAY_NAME,
    services: plan.externalServices.map((e) => ({ name: e.name })),
  });
}

/**
 * Mesh settings for an environment with external services: transparent proxies then reach only
 * mesh destinations, so no pod bypasses the gateway to the legacy host (Consul's mesh config
 * entry: with MeshDestinationsOnly off, traffic to an unknown address passes through unencrypted).
 */
export function meshTransparentProxy(plan: EnvironmentPlan): { meshDestinationsOnly?: boolean } {
  return plan.externalServices.length ? { meshDestinationsOnly: true } : {};
}

/**
 * The URL an app reaches an upstream at. A mesh upstream: its local listener. An external one on
 * Kubernetes: its own address, which the transparent proxy takes to the gateway (destinations
 * have no explicit upstream), so its upstream gets no annotation either.
 */
export function upstreamUrl(u: Pick<UpstreamPlan, "localPort" | "external">): string {
  if (!u.external) return `http://127.0.0.1:${u.localPort}`;
  const host = u.external.address.includes(":") ? `[${u.external.address}]` : u.external.address;
  return `http://${host}:${u.external.port}`;
}

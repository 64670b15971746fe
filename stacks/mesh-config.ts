import type { Construct } from "constructs";
import type { ConsulResourceProps } from "../constructs/consul-resource";
import { ExportedServices } from "../constructs/exported-services";
import { Mesh } from "../constructs/mesh";
import { ProxyDefaults } from "../constructs/proxy-defaults";
import { ServiceDefaults } from "../constructs/service-defaults";
import { ServiceIntentions } from "../constructs/service-intentions";
import { ServiceResolver } from "../constructs/service-resolver";
import type { EnvironmentPlan } from "../constructs/topology";
import {
  meshTransparentProxy,
  renderTerminatingGateway,
  type TerminatingGatewayObjectsOptions,
} from "./terminating-gateway-objects";

/** Ejects a failing local instance quickly so the resolver fails over to the peer. */
const PASSIVE_HEALTH_CHECK = {
  interval: "10s",
  maxFailures: 3,
  enforcingConsecutive5xx: 100,
  baseEjectionTime: "30s",
  maxEjectionPercent: 100,
};

/** What {@link renderMeshConfig} made that callers order other resources after. */
export interface MeshConfig {
  /** The Mesh entry: peering goes through the mesh gateways once it exists. */
  readonly mesh: Mesh;
}

/**
 * The Consul config entries of one environment, derived from its plan: Mesh (peer through the
 * mesh gateways), ProxyDefaults (gateway mode local, access logs), default deny, service
 * defaults, intentions, exports and resolvers. `common.provider` picks the form: consul-k8s
 * custom resources for a kubernetes provider, consul_config_entry for a Consul provider. With
 * external services, also the terminating gateway's entries (`externals` says how they are
 * registered).
 */
export function renderMeshConfig(
  scope: Construct,
  plan: EnvironmentPlan,
  common: ConsulResourceProps,
  externals: TerminatingGatewayObjectsOptions = {},
): MeshConfig {
  // Peering must go through the gateways before any peering exists.
  const mesh = new Mesh(scope, "mesh", { ...common, peerThroughMeshGateways: true, ...meshTransparentProxy(plan) });
  new ProxyDefaults(scope, "proxy-defaults", {
    ...common,
    meshGatewayMode: "local",
    accessLogs: { enabled: true, type: "stdout" },
  });
  ServiceIntentions.defaultDeny(scope, "default-deny", common);

  for (const d of plan.serviceDefaults) {
    new ServiceDefaults(scope, `defaults-${d.service}`, {
      ...common,
      service: d.service,
      protocol: d.protocol as "http",
      upstreamOverrides: d.upstreamOverrides.map((o) => ({
        name: o.name,
        peer: o.peer,
        passiveHealthCheck: PASSIVE_HEALTH_CHECK,
      })),
    });
  }
  for (const i of plan.intentions) {
    new ServiceIntentions(scope, `intentions-${i.destination}`, {
      ...common,
      destination: i.destination,
      sources: i.sources.map((s) => ({ name: s.name, peer: s.peer, action: "allow" as const })),
    });
  }
  renderTerminatingGateway(scope, plan, common, externals);
  if (plan.exports.length) {
    const exported = new ExportedServices(scope, "exported-services", common);
    for (const e of plan.exports)
      exported.addService({ name: e.service, consumers: e.consumers.map((peer) => ({ peer })) });
  }
  for (const r of plan.resolvers) {
    new ServiceResolver(scope, `resolver-${r.service}`, {
      ...common,
      service: r.service,
      connectTimeout: "5s",
      failoverPeers: [...r.failoverPeers],
    });
  }
  return { mesh };
}

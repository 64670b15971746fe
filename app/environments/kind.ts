import type { App } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { KindEnvironmentConfig } from "../../config/types";
import { OnpremKindStack } from "../../stacks/onprem-kind";
import { validateKindEnvironment } from "./kind-cluster";
import type { ClusterAccess, EnvContext, EnvironmentKind } from "./types";

/** The on-prem networks the site-to-site VPN routes: the first of `networkCidrs` (the LAN). */
export function vpnRoutedCidrs(env: KindEnvironmentConfig): string[] {
  return env.networkCidrs.slice(0, 1);
}

const others = (ctx: EnvContext) => Object.keys(ctx.config.environments).filter((n) => n !== ctx.name);

/**
 * An on-prem kind cluster, reached through a kubeconfig context. The kubeconfig file itself
 * comes from KUBE_CONFIG_PATH at plan time, so no machine path is written into the output.
 */
export const kindClusterKind: EnvironmentKind<KindEnvironmentConfig> = {
  namespacesInConsulStack: false,
  infraStackId: (ctx) => `${ctx.name}-kind`,

  createInfraStack(app: App, ctx) {
    const id = this.infraStackId(ctx);
    const cluster = validateKindEnvironment(id, ctx, vpnRoutedCidrs(ctx.env));
    return new OnpremKindStack(app, id, { ctx, cluster, access: (scope) => this.clusterAccess(scope, ctx, { helm: true }) });
  },

  clusterAccess(scope, ctx, opts = {}): ClusterAccess {
    const suffix = opts.alias ? `-${opts.alias}` : "";
    const kubernetes = new KubernetesProvider(scope, `kubernetes${suffix}`, { configContext: ctx.env.kubeContext, alias: opts.alias });
    const helm = opts.helm
      ? new HelmProvider(scope, `helm${suffix}`, { kubernetes: { configContext: ctx.env.kubeContext }, alias: opts.alias })
      : undefined;
    return { kubernetes, helm };
  },

  releasePrerequisites: () => [],

  chartValues(ctx) {
    const gw = ctx.env.meshGateway;
    // The peer dials what is advertised. Over the VPN: the kind host's LAN address and the port the
    // host maps to the NodePort (NodeIP would be the node container's Docker-bridge address: the
    // consul-k8s endpoints controller advertises pod.Status.HostIP). Public: the router's address.
    const vpn = ctx.config.connectivity.type === "vpn";
    const wanAddress = vpn && gw.lanAddress
      ? { source: "Static", static: gw.lanAddress, port: gw.hostPort }
      : gw.publicAddress
        ? { source: "Static", static: gw.publicAddress, port: gw.publicPort ?? 8443 }
        : { source: "NodeIP", port: gw.nodePort };
    return {
      overlay: "kind",
      overrides: {
        global: { datacenter: ctx.env.datacenter },
        meshGateway: { replicas: gw.replicas, wanAddress, service: { nodePort: gw.nodePort } },
      },
    };
  },

  image: (_scope, ctx) => `${ctx.env.images.repository}:${ctx.env.images.tag}`,

  gatewayReachability(ctx) {
    if (ctx.config.connectivity.type === "vpn" || ctx.env.meshGateway.publicAddress) return { reachableFrom: others(ctx) };
    return {
      reachableFrom: [],
      hint: `connectivity is "public" and environments.${ctx.name}.meshGateway.publicAddress is not set; set it, or use connectivity type "vpn"`,
    };
  },

  describeTarget: (ctx) => `kube context ${ctx.env.kubeContext} (kind config ${ctx.env.kindConfig})`,

  describeGateway(ctx) {
    const gw = ctx.env.meshGateway;
    const vpn = ctx.config.connectivity.type === "vpn";
    const addr = vpn && gw.lanAddress ? `LAN ${gw.lanAddress}:${gw.hostPort} over the VPN` : gw.publicAddress ? `public ${gw.publicAddress}:${gw.publicPort ?? 8443}` : "node IP";
    return `NodePort ${gw.nodePort}, ${gw.replicas} replica${gw.replicas === 1 ? "" : "s"}, ${addr}`;
  },
};

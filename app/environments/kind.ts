import type { App } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { KindEnvironmentConfig } from "../../config/types";
import { OnpremKindStack } from "../../stacks/onprem-kind";
import type { ClusterAccess, EnvContext, EnvironmentKind } from "./types";

const others = (ctx: EnvContext) => Object.keys(ctx.config.environments).filter((n) => n !== ctx.name);

/**
 * An on-prem kind cluster, reached through a kubeconfig context. The kubeconfig file itself
 * comes from KUBE_CONFIG_PATH at plan time, so no machine path is written into the output.
 */
export const kindClusterKind: EnvironmentKind<KindEnvironmentConfig> = {
  namespacesInConsulStack: false,
  infraStackId: (ctx) => `${ctx.name}-kind`,

  createInfraStack(app: App, ctx) {
    return new OnpremKindStack(app, this.infraStackId(ctx), { ctx, access: (scope) => this.clusterAccess(scope, ctx) });
  },

  clusterAccess(scope, ctx, opts = {}): ClusterAccess {
    const suffix = opts.alias ? `-${opts.alias}` : "";
    const kubernetes = new KubernetesProvider(scope, `kubernetes${suffix}`, { configContext: ctx.env.kubeContext, alias: opts.alias });
    const helm = opts.helm
      ? new HelmProvider(scope, `helm${suffix}`, { kubernetes: { configContext: ctx.env.kubeContext }, alias: opts.alias })
      : undefined;
    return { kubernetes, helm };
  },

  chartValues(ctx) {
    const gw = ctx.env.meshGateway;
    // With a public address (router port-forward) the other side dials that; otherwise the node IP.
    const wanAddress = gw.publicAddress
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
    const addr = gw.publicAddress ? `public ${gw.publicAddress}:${gw.publicPort ?? 8443}` : ctx.config.connectivity.type === "vpn" ? "node IP over the VPN" : "node IP";
    return `NodePort ${gw.nodePort}, ${gw.replicas} replica${gw.replicas === 1 ? "" : "s"}, ${addr}`;
  },
};

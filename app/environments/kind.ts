import type { App } from "cdktf";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { imageReference } from "../../config/images";
import type { KindEnvironmentConfig } from "../../config/types";
import { validateKindEnvironment } from "../../infra/kind-cluster";
import { MESH_GATEWAY_PORT } from "../../infra/mesh-gateway";
import { terminatingGatewayValues } from "../../infra/terminating-gateway";
import type { Construct } from "constructs";
import type { AccessOptions, ClusterAccess } from "../../stacks/cluster";
import { OnpremKindStack } from "../../stacks/onprem-kind";
import { unexposedGatewayHint } from "./gateway";
import type { EnvContext, EnvironmentKind } from "./types";

/**
 * The address the kind gateway advertises, which the peer dials. Over the VPN: the kind host's
 * LAN address and the port the host maps to the NodePort (NodeIP would be the node container's
 * Docker-bridge address: the consul-k8s endpoints controller advertises pod.Status.HostIP).
 * Public: the router's address. Otherwise the node IP.
 */
export function advertisedGateway(
  ctx: EnvContext<KindEnvironmentConfig>,
):
  | { readonly via: "lan" | "public"; readonly address: string; readonly port: number | undefined }
  | { readonly via: "node" } {
  const gw = ctx.env.meshGateway;
  if (ctx.connectivity.type === "vpn" && gw.lanAddress)
    return { via: "lan", address: gw.lanAddress, port: gw.hostPort };
  if (gw.publicAddress) return { via: "public", address: gw.publicAddress, port: gw.publicPort ?? MESH_GATEWAY_PORT };
  return { via: "node" };
}

/** The on-prem networks the site-to-site VPN routes: the first of `networkCidrs` (the LAN). */
const vpnRoutedCidrs = (env: KindEnvironmentConfig): string[] => env.networkCidrs.slice(0, 1);

/** The kubernetes (and helm) providers of a kind cluster, through its kubeconfig context. */
function kindClusterAccess(
  scope: Construct,
  ctx: EnvContext<KindEnvironmentConfig>,
  opts: AccessOptions = {},
): ClusterAccess {
  const suffix = opts.alias ? `-${opts.alias}` : "";
  const kubernetes = new KubernetesProvider(scope, `kubernetes${suffix}`, {
    configContext: ctx.env.kubeContext,
    alias: opts.alias,
  });
  const helm = opts.helm
    ? new HelmProvider(scope, `helm${suffix}`, {
        kubernetes: { configContext: ctx.env.kubeContext },
        alias: opts.alias,
      })
    : undefined;
  return { kubernetes, helm };
}

/**
 * An on-prem kind cluster, reached through a kubeconfig context. The kubeconfig file itself
 * comes from KUBE_CONFIG_PATH at plan time, so no machine path is written into the output.
 */
export const kindEnvironmentKind: EnvironmentKind<KindEnvironmentConfig> = {
  infraStackId: (ctx) => `${ctx.name}-kind`,

  createInfraStack(app: App, ctx) {
    const id = this.infraStackId(ctx);
    const cluster = validateKindEnvironment(id, ctx, vpnRoutedCidrs(ctx.env));
    return new OnpremKindStack(app, id, {
      project: ctx.project,
      kubeContext: ctx.env.kubeContext,
      cluster,
      access: (scope, opts) => kindClusterAccess(scope, ctx, opts),
    });
  },

  unreachableHint: unexposedGatewayHint,
  vpnRoutedCidrs,

  cluster: {
    namespacesInConsulStack: false,

    clusterAccess: kindClusterAccess,

    releasePrerequisites: () => [],

    chartValues(ctx) {
      const gw = ctx.env.meshGateway;
      const advertised = advertisedGateway(ctx);
      const wanAddress =
        advertised.via === "node"
          ? { source: "NodeIP", port: gw.nodePort }
          : { source: "Static", static: advertised.address, port: advertised.port };
      return {
        overlay: "kind",
        overrides: {
          global: { datacenter: ctx.env.datacenter },
          meshGateway: { replicas: gw.replicas, wanAddress, service: { nodePort: gw.nodePort } },
          ...(ctx.externalServices?.length ? terminatingGatewayValues() : {}),
        },
      };
    },

    image: (_scope, ctx) => imageReference(ctx.env.images.repository, ctx.env.images.tag),
  },
};

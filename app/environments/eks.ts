import type { App } from "cdktf";
import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { DataAwsEcrRepository } from "@cdktf/provider-aws/lib/data-aws-ecr-repository";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import type { EksEnvironmentConfig } from "../../config/types";
import { CloudInfraStack, clusterName } from "../../stacks/cloud-infra";
import type { ClusterAccess, EnvContext, EnvironmentKind } from "./types";

const others = (ctx: EnvContext) => Object.keys(ctx.config.environments).filter((n) => n !== ctx.name);

/** One AWS provider per scope and alias: stacks ask for it from several places. */
function awsProvider(scope: Construct, ctx: EnvContext<EksEnvironmentConfig>, alias?: string): AwsProvider {
  const id = `aws-${alias ?? "default"}`;
  const found = scope.node.tryFindChild(id);
  if (found) return found as AwsProvider;
  return new AwsProvider(scope, id, {
    region: ctx.env.region,
    alias,
    defaultTags: [{ tags: { project: ctx.config.project, environment: ctx.name, "managed-by": "cdktf" } }],
  });
}

/** AWS EKS: the cluster is created by cloud-infra and read back through data sources. */
export const eksClusterKind: EnvironmentKind<EksEnvironmentConfig> = {
  namespacesInConsulStack: true,
  infraStackId: (ctx) => `${ctx.name}-infra`,

  createInfraStack(app: App, ctx) {
    const peerNetworkCidrs = Object.values(ctx.config.environments).flatMap((e) => (e.kind === "kind" ? e.networkCidrs.slice(0, 1) : []));
    return new CloudInfraStack(app, this.infraStackId(ctx), {
      project: ctx.config.project,
      envName: ctx.name,
      env: ctx.env,
      connectivity: ctx.config.connectivity,
      peerNetworkCidrs,
    });
  },

  clusterAccess(scope, ctx, opts = {}): ClusterAccess {
    const suffix = opts.alias ? `-${opts.alias}` : "";
    const aws = awsProvider(scope, ctx, opts.alias);
    const name = clusterName(ctx.config.project, ctx.name);
    // Read through data sources, never through cloud-infra's resources: the stacks stay separate.
    const cluster = new DataAwsEksCluster(scope, `eks-cluster${suffix}`, { name, provider: aws });
    const auth = new DataAwsEksClusterAuth(scope, `eks-auth${suffix}`, { name, provider: aws });
    const conn = {
      host: cluster.endpoint,
      clusterCaCertificate: Fn.base64decode(cluster.certificateAuthority.get(0).data),
      token: auth.token,
    };
    const kubernetes = new KubernetesProvider(scope, `kubernetes${suffix}`, { ...conn, alias: opts.alias });
    const helm = opts.helm ? new HelmProvider(scope, `helm${suffix}`, { kubernetes: conn, alias: opts.alias }) : undefined;
    return { kubernetes, helm };
  },

  chartValues(ctx) {
    const vpn = ctx.config.connectivity.type === "vpn";
    const annotations = [
      'service.beta.kubernetes.io/aws-load-balancer-type: "nlb"',
      'service.beta.kubernetes.io/aws-load-balancer-cross-zone-load-balancing-enabled: "true"',
      // Over the VPN the gateway needs no internet-facing address at all.
      ...(vpn ? ['service.beta.kubernetes.io/aws-load-balancer-internal: "true"'] : []),
    ];
    return {
      overlay: "eks",
      overrides: {
        global: { datacenter: ctx.env.datacenter },
        meshGateway: {
          replicas: ctx.env.meshGateway.replicas,
          service: {
            annotations: annotations.join("\n") + "\n",
            ...(ctx.env.meshGateway.nodePort ? { nodePort: ctx.env.meshGateway.nodePort } : {}),
            additionalSpec: `loadBalancerSourceRanges: ${JSON.stringify(ctx.env.peerSourceCidrs)}\n`,
          },
        },
      },
    };
  },

  image(scope, ctx, service) {
    const id = "ecr-repository";
    const repo = (scope.node.tryFindChild(id) as DataAwsEcrRepository | undefined)
      ?? new DataAwsEcrRepository(scope, id, { name: ctx.env.images.ecrRepository, provider: awsProvider(scope, ctx) });
    void service; // one image serves every service; SERVICE_NAME picks the role
    return `${repo.repositoryUrl}:${ctx.env.images.tag}`;
  },

  gatewayReachability: (ctx) => ({ reachableFrom: others(ctx) }),

  describeTarget: (ctx) => `AWS ${ctx.env.region}, EKS ${clusterName(ctx.config.project, ctx.name)} (${ctx.env.eks.version})`,

  describeGateway(ctx) {
    const scheme = ctx.config.connectivity.type === "vpn" ? "internal NLB over the VPN" : "internet-facing NLB";
    return `${scheme}, ${ctx.env.meshGateway.replicas} replicas, sources ${ctx.env.peerSourceCidrs.join(", ")}`;
  },
};

import type { App } from "cdktf";
import { Fn } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEcrRepository } from "@cdktf/provider-aws/lib/data-aws-ecr-repository";
import { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { StorageClassV1 } from "@cdktf/provider-kubernetes/lib/storage-class-v1";
import { imageReference } from "../../config/images";
import type { EksEnvironmentConfig } from "../../config/types";
import { awsDefaultTags } from "../../infra/aws/tags";
import { CloudInfraStack, clusterName } from "../../stacks/cloud-infra";
import type { ClusterAccess } from "../../stacks/cluster";
import type { EnvContext, EnvironmentKind } from "./types";

/** The StorageClass of the Consul servers' volumes; EKS 1.30+ clusters have no default one. */
const SERVER_STORAGE_CLASS = "gp3-encrypted";

/** One AWS provider per scope and alias: stacks ask for it from several places. */
function awsProvider(scope: Construct, ctx: EnvContext<EksEnvironmentConfig>, alias?: string): AwsProvider {
  const id = `aws-${alias ?? "default"}`;
  const found = scope.node.tryFindChild(id);
  if (found instanceof AwsProvider) return found;
  return new AwsProvider(scope, id, {
    region: ctx.env.region,
    alias,
    defaultTags: awsDefaultTags(ctx.project, ctx.name),
  });
}

/**
 * A fresh EKS token for every call, from the deployer's AWS credentials. An `aws_eks_cluster_auth`
 * token is read once per plan and expires after 15 minutes, shorter than the release's 15-minute
 * wait plus an atomic rollback; `exec` runs again whenever the provider needs a token.
 */
function eksTokenExec(cluster: string, region: string) {
  return {
    apiVersion: "client.authentication.k8s.io/v1beta1",
    command: "aws",
    args: ["eks", "get-token", "--cluster-name", cluster, "--region", region, "--output", "json"],
  };
}

/** AWS EKS: the cluster is created by cloud-infra and read back through data sources. */
export const eksEnvironmentKind: EnvironmentKind<EksEnvironmentConfig> = {
  infraStackId: (ctx) => `${ctx.name}-infra`,

  createInfraStack(app: App, ctx, { vpnRoutedCidrs }) {
    return new CloudInfraStack(app, this.infraStackId(ctx), {
      project: ctx.project,
      envName: ctx.name,
      env: ctx.env,
      connectivity: ctx.connectivity,
      peerNetworkCidrs: [...vpnRoutedCidrs],
    });
  },

  // An NLB: every peer reaches it, over the internet or the VPN.
  unreachableHint: () => undefined,

  cluster: {
    namespacesInConsulStack: true,

    clusterAccess(scope, ctx, opts = {}): ClusterAccess {
      const suffix = opts.alias ? `-${opts.alias}` : "";
      const aws = awsProvider(scope, ctx, opts.alias);
      const name = clusterName(ctx.project, ctx.name);
      // Read through data sources, never through cloud-infra's resources: the stacks stay separate.
      const cluster = new DataAwsEksCluster(scope, `eks-cluster${suffix}`, { name, provider: aws });
      const host = cluster.endpoint;
      const clusterCaCertificate = Fn.base64decode(cluster.certificateAuthority.get(0).data);
      const exec = eksTokenExec(name, ctx.env.region);
      const kubernetes = new KubernetesProvider(scope, `kubernetes${suffix}`, {
        host,
        clusterCaCertificate,
        exec: [exec],
        alias: opts.alias,
      });
      const helm = opts.helm
        ? new HelmProvider(scope, `helm${suffix}`, {
            kubernetes: { host, clusterCaCertificate, exec },
            alias: opts.alias,
          })
        : undefined;
      return { kubernetes, helm };
    },

    releasePrerequisites(scope, _ctx, kubernetes) {
      // EKS 1.30+ creates no default StorageClass: without one the servers' claims stay Pending and
      // the release times out. Encrypted gp3 through the EBS CSI add-on (cloud-infra); bound where
      // the pod is scheduled, so the volume lands in the pod's AZ.
      const storage = new StorageClassV1(scope, "server-storage", {
        provider: kubernetes,
        metadata: { name: SERVER_STORAGE_CLASS },
        storageProvisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true" },
        volumeBindingMode: "WaitForFirstConsumer",
        reclaimPolicy: "Delete",
        allowVolumeExpansion: true,
      });
      return [storage];
    },

    chartValues(ctx) {
      const vpn = ctx.connectivity.type === "vpn";
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
          server: { storageClass: SERVER_STORAGE_CLASS },
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

    // One image serves every service (SERVICE_NAME picks the role), so the service is not read.
    image(scope, ctx) {
      const id = "ecr-repository";
      const repo =
        (scope.node.tryFindChild(id) as DataAwsEcrRepository | undefined) ??
        new DataAwsEcrRepository(scope, id, { name: ctx.env.images.ecrRepository, provider: awsProvider(scope, ctx) });
      return imageReference(repo.repositoryUrl, ctx.env.images.tag);
    },
  },
};

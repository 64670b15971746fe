import { Construct } from "constructs";
import { TerraformOutput, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { ConnectivityConfig, EksEnvironmentConfig } from "../config/types";
import { Eks } from "../infra/aws/eks";
import { MESH_GATEWAY_PORT } from "../infra/mesh-gateway";
import { rejectExampleValues } from "../infra/example-values";
import { LogsKey } from "../infra/aws/logs-key";
import { Network } from "../infra/aws/network";
import { SiteToSiteVpn } from "../infra/aws/site-to-site-vpn";
import { awsDefaultTags } from "../infra/aws/tags";
import { validateCloudInfra } from "../infra/aws/validate";

/**
 * The port peers' traffic reaches the nodes on. The in-tree NLB targets the nodes at the gateway
 * Service's NodePort (pinned in config), so that is what must be open; without a pinned NodePort,
 * the container port (IP targets).
 */
function meshGatewayNodePort(env: EksEnvironmentConfig): number {
  return env.meshGateway.nodePort ?? MESH_GATEWAY_PORT;
}

/** Name of the EKS cluster of an environment; other stacks find it with aws_eks_cluster data sources. */
export function clusterName(project: string, envName: string): string {
  return `${project}-${envName}`;
}

export interface CloudInfraStackProps {
  readonly project: string;
  /** Environment name, e.g. "cloud". */
  readonly envName: string;
  readonly env: EksEnvironmentConfig;
  readonly connectivity: ConnectivityConfig;
  /** The on-prem networks: routed over the VPN. */
  readonly peerNetworkCidrs: string[];
}

/**
 * The AWS side: a VPC, an EKS cluster with a managed node group and the EBS CSI add-on, the
 * security-group rules Consul needs, the ECR repository of the app images, and (connectivity
 * "vpn") a site-to-site VPN to on-prem. It configures no kubernetes or helm provider: the later
 * stacks read the cluster through aws_eks_cluster data sources. The backend is added by the caller.
 */
export class CloudInfraStack extends TerraformStack {
  public readonly clusterName: string;

  constructor(scope: Construct, id: string, props: CloudInfraStackProps) {
    super(scope, id);
    const { env, envName } = props;
    const name = clusterName(props.project, envName);
    validateCloudInfra(id, { ...props, clusterName: name });
    this.clusterName = name;

    new AwsProvider(this, "aws", {
      region: env.region,
      defaultTags: awsDefaultTags(props.project, envName),
    });
    const accountId = new DataAwsCallerIdentity(this, "account").accountId;
    const partition = new DataAwsPartition(this, "partition").partition;
    const logsKey = new LogsKey(this, "logs-key", { name, region: env.region, accountId, partition });

    const network = new Network(this, "network", {
      name,
      vpcCidr: env.vpcCidr,
      availabilityZones: env.availabilityZones,
      accountId,
      partition,
      logsKmsKeyArn: logsKey.key.arn,
    });
    const eks = new Eks(this, "eks", {
      name,
      version: env.eks.version,
      publicAccessCidrs: env.eks.publicAccessCidrs,
      adminRoleArn: env.eks.adminRoleArn,
      nodeGroup: env.eks.nodeGroup,
      privateSubnetIds: network.privateSubnetIds,
      partition,
      logsKmsKeyArn: logsKey.key.arn,
    });

    // A real plan must not take these from the example config (see infra/example-values.ts).
    const at = `environments.${envName}`;
    rejectExampleValues(
      this,
      eks.cluster,
      env.eks.publicAccessCidrs.map((value, i) => ({ key: `${at}.eks.publicAccessCidrs[${i}]`, kind: "cidr", value })),
    );
    rejectExampleValues(this, eks.adminAccess, [
      { key: `${at}.eks.adminRoleArn`, kind: "arn", value: env.eks.adminRoleArn },
    ]);

    // The nodes sit in the cluster security group (their launch template sets none), so Consul's
    // rules go on that group. The connect-inject webhook (tcp/8080) needs no rule: the group's
    // default inbound rule admits all traffic from itself, control-plane ENIs included, and EKS
    // re-creates that rule if it is removed (EKS user guide, "View Amazon EKS security group
    // requirements for clusters").
    for (const cidr of env.peerSourceCidrs) {
      new VpcSecurityGroupIngressRule(this, `mesh-gateway-from-${cidr.replace("/", "-")}`, {
        securityGroupId: eks.clusterSecurityGroupId,
        cidrIpv4: cidr,
        ipProtocol: "tcp",
        fromPort: meshGatewayNodePort(env),
        toPort: meshGatewayNodePort(env),
        description: `Consul mesh gateway from peer network ${cidr}`,
      });
    }

    const images = new EcrRepository(this, "images", {
      name: env.images.ecrRepository,
      // The images are built from apps/ and pushed again at will; destroy must not stop at them.
      forceDelete: true,
      imageTagMutability: "IMMUTABLE",
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: "KMS" }], // the account's aws/ecr key
    });

    let vpn: SiteToSiteVpn | undefined;
    if (props.connectivity.type === "vpn") {
      const { customerGatewayIp } = props.connectivity.vpn;
      vpn = new SiteToSiteVpn(this, "vpn", {
        name,
        vpcId: network.vpc.id,
        customerGatewayIp,
        bgpAsn: props.connectivity.vpn.bgpAsn,
        remoteCidrs: props.peerNetworkCidrs,
        routeTableIds: network.privateRouteTableIds,
      });
      rejectExampleValues(this, vpn.customerGateway, [
        { key: "connectivity.vpn.customerGatewayIp", kind: "address", value: customerGatewayIp },
      ]);
    }

    const output = (outputId: string, value: string, description: string) =>
      new TerraformOutput(this, outputId, { value, description });
    output("cluster_name", eks.cluster.name, "EKS cluster name");
    output("cluster_endpoint", eks.cluster.endpoint, "EKS API endpoint");
    output(
      "cluster_certificate_authority",
      eks.cluster.certificateAuthority.get(0).data,
      "EKS cluster CA (base64 PEM; public)",
    );
    output(
      "cluster_security_group_id",
      eks.clusterSecurityGroupId,
      "Security group of the control plane and the nodes",
    );
    output("oidc_provider_arn", eks.oidcProvider.arn, "IAM OIDC provider of the cluster, for IRSA roles");
    output("ecr_repository_url", images.repositoryUrl, "ECR repository of the app images");
    output("vpc_id", network.vpc.id, "VPC of the cluster");
    if (vpn) output("vpn_connection_id", vpn.connection.id, "Site-to-site VPN to on-prem");
  }
}

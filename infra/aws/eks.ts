import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import type { NodeGroupConfig } from "../../config/types";
import { ServiceRole, serviceTrust } from "./service-role";

/** Control-plane log types sent to CloudWatch. */
const CLUSTER_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];
/** The EBS CSI controller's service account, which the add-on creates. */
const EBS_CSI_SERVICE_ACCOUNT = "system:serviceaccount:kube-system:ebs-csi-controller-sa";

export interface EksProps {
  readonly name: string;
  /** Kubernetes version. */
  readonly version: string;
  /** Who may reach the public API endpoint. Empty: the public endpoint is off. */
  readonly publicAccessCidrs: string[];
  readonly nodeGroup: NodeGroupConfig;
  /** IAM role that gets cluster-admin through an EKS access entry; the later stacks run as it. */
  readonly adminRoleArn: string;
  /** Subnets of the control-plane ENIs and the nodes. */
  readonly privateSubnetIds: string[];
  readonly partition: string;
  /** KMS key for the control-plane log group. */
  readonly logsKmsKeyArn: string;
  /** @default 90 */
  readonly logRetentionDays?: number;
}

/**
 * An EKS cluster with envelope encryption of secrets, control-plane logs, a managed node group
 * behind a hardened launch template, the cluster's IAM OIDC provider and the EBS CSI add-on.
 */
export class Eks extends Construct {
  public readonly cluster: EksCluster;
  public readonly oidcProvider: IamOpenidConnectProvider;
  /** The admin role's access entry. */
  public readonly adminAccess: EksAccessEntry;
  /** The security group EKS made for the cluster; the nodes use it too (the launch template sets none). */
  public readonly clusterSecurityGroupId: string;

  constructor(scope: Construct, id: string, props: EksProps) {
    super(scope, id);
    const { name, partition } = props;

    const secretsKey = new KmsKey(this, "SecretsKey", {
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(this, "SecretsKeyAlias", { name: `alias/${name}-eks-secrets`, targetKeyId: secretsKey.keyId });

    const clusterRole = new ServiceRole(this, "ClusterRole", {
      name: `${name}-eks-cluster`,
      partition,
      trust: [serviceTrust("eks.amazonaws.com", { actions: ["sts:AssumeRole", "sts:TagSession"] })],
      managedPolicies: ["AmazonEKSClusterPolicy"],
      inline: [
        {
          sid: "UseSecretsKey",
          actions: ["kms:Encrypt", "kms:Decrypt", "kms:ListGrants", "kms:DescribeKey"],
          resources: [secretsKey.arn],
        },
      ],
    });
    // EKS writes to this name; creating it first gives it a retention and a key.
    const logGroup = new CloudwatchLogGroup(this, "LogGroup", {
      name: `/aws/eks/${name}/cluster`,
      retentionInDays: props.logRetentionDays ?? 90,
      kmsKeyId: props.logsKmsKeyArn,
    });

    const publicAccess = props.publicAccessCidrs.length > 0;
    this.cluster = new EksCluster(this, "Resource", {
      name,
      version: props.version,
      roleArn: clusterRole.role.arn,
      vpcConfig: {
        subnetIds: props.privateSubnetIds,
        endpointPrivateAccess: true,
        endpointPublicAccess: publicAccess,
        publicAccessCidrs: publicAccess ? props.publicAccessCidrs : undefined,
      },
      encryptionConfig: { resources: ["secrets"], provider: { keyArn: secretsKey.arn } },
      enabledClusterLogTypes: CLUSTER_LOG_TYPES,
      // Who may reach the cluster is the access entries below, visible in code: no aws-auth
      // ConfigMap, no implicit admin for whoever created the cluster. (EKS adds the managed node
      // group's entry itself.) The bootstrap flag forces a new cluster when it changes (ForceNew in
      // the AWS provider), so a cluster created with it keeps it rather than being replaced.
      accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: false },
      lifecycle: { ignoreChanges: ["access_config[0].bootstrap_cluster_creator_admin_permissions"] },
      dependsOn: [logGroup, ...clusterRole.grants],
    });
    this.clusterSecurityGroupId = this.cluster.vpcConfig.clusterSecurityGroupId;

    this.adminAccess = new EksAccessEntry(this, "AdminAccess", {
      clusterName: this.cluster.name,
      principalArn: props.adminRoleArn,
      type: "STANDARD",
    });
    new EksAccessPolicyAssociation(this, "AdminPolicy", {
      clusterName: this.cluster.name,
      principalArn: this.adminAccess.principalArn,
      policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
      accessScope: { type: "cluster" },
    });

    const nodeRole = new ServiceRole(this, "NodeRole", {
      name: `${name}-eks-node`,
      partition,
      trust: [serviceTrust("ec2.amazonaws.com")],
      managedPolicies: ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"],
    });
    // No security groups here: the managed node group then puts the nodes in the cluster security group.
    const launchTemplate = new LaunchTemplate(this, "NodeLaunchTemplate", {
      name: `${name}-nodes`,
      description: `Nodes of EKS cluster ${name}`,
      updateDefaultVersion: true,
      // IMDSv2 only; hop limit 1 keeps pods (one hop further) away from the node role's credentials.
      metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
      blockDeviceMappings: [
        {
          deviceName: "/dev/xvda", // root volume of the EKS-optimized Amazon Linux AMIs
          ebs: {
            volumeSize: props.nodeGroup.diskSizeGiB,
            volumeType: "gp3",
            encrypted: "true",
            deleteOnTermination: "true",
          },
        },
      ],
      tagSpecifications: [{ resourceType: "instance", tags: { Name: `${name}-node` } }],
    });
    const nodes = new EksNodeGroup(this, "Nodes", {
      clusterName: this.cluster.name,
      nodeGroupName: "default",
      nodeRoleArn: nodeRole.role.arn,
      subnetIds: props.privateSubnetIds,
      instanceTypes: props.nodeGroup.instanceTypes,
      scalingConfig: {
        minSize: props.nodeGroup.minSize,
        desiredSize: props.nodeGroup.desiredSize,
        maxSize: props.nodeGroup.maxSize,
      },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: launchTemplate.id, version: Token.asString(launchTemplate.latestVersion) },
      dependsOn: nodeRole.grants,
    });

    // IAM trusts the EKS OIDC issuer through its own CA library, so thumbprint_list (optional in
    // AWS provider 6) is left out rather than pinned to a certificate that rotates.
    this.oidcProvider = new IamOpenidConnectProvider(this, "OidcProvider", {
      url: this.cluster.identity.get(0).oidc.get(0).issuer,
      clientIdList: ["sts.amazonaws.com"],
    });
    const issuer = Fn.replace(this.oidcProvider.url, "https://", "");
    const ebsCsiRole = new ServiceRole(this, "EbsCsiRole", {
      name: `${name}-ebs-csi`,
      partition,
      trust: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [this.oidcProvider.arn] }],
          condition: [
            { test: "StringEquals", variable: `${issuer}:sub`, values: [EBS_CSI_SERVICE_ACCOUNT] },
            { test: "StringEquals", variable: `${issuer}:aud`, values: ["sts.amazonaws.com"] },
          ],
        },
      ],
      managedPolicies: ["service-role/AmazonEBSCSIDriverPolicy"],
    });
    new EksAddon(this, "EbsCsiDriver", {
      clusterName: this.cluster.name,
      addonName: "aws-ebs-csi-driver",
      serviceAccountRoleArn: ebsCsiRole.role.arn,
      resolveConflictsOnCreate: "OVERWRITE",
      resolveConflictsOnUpdate: "OVERWRITE",
      // The controller needs nodes to run on; without them the add-on waits in DEGRADED.
      dependsOn: [nodes, ...ebsCsiRole.grants],
    });
  }
}

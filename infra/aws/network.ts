import { Construct } from "constructs";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { cidrSubnet } from "../../config/cidr";
import { ServiceRole, serviceTrust } from "./service-role";

/** Each subnet gets 1/16 of the VPC: private ones at slots 0-7, public ones at 8-15. */
export const SUBNET_NEWBITS = 4;
/** Most AZs the layout has room for. */
export const MAX_AZS = 8;

export interface SubnetPlan {
  readonly az: string;
  readonly privateCidr: string;
  readonly publicCidr: string;
}

/**
 * Subnet CIDRs per AZ. The slot follows the AZ's position, and public slots start at a fixed
 * offset, so adding an AZ at the end never moves an existing subnet.
 */
export function planSubnets(vpcCidr: string, availabilityZones: string[]): SubnetPlan[] {
  return availabilityZones.map((az, i) => ({
    az,
    privateCidr: cidrSubnet(vpcCidr, SUBNET_NEWBITS, i),
    publicCidr: cidrSubnet(vpcCidr, SUBNET_NEWBITS, MAX_AZS + i),
  }));
}

export interface NetworkProps {
  /** Name for Name tags; also the EKS cluster the subnets are tagged for. */
  readonly name: string;
  readonly vpcCidr: string;
  /** At least two. */
  readonly availabilityZones: string[];
  readonly accountId: string;
  readonly partition: string;
  /** KMS key for the flow-log group. */
  readonly logsKmsKeyArn: string;
  /** @default 90 */
  readonly flowLogRetentionDays?: number;
}

/**
 * A VPC with a public and a private subnet per AZ, a NAT gateway per AZ (an AZ outage does not
 * cut the others' egress), EKS subnet tags, and flow logs to an encrypted CloudWatch log group.
 */
export class Network extends Construct {
  public readonly vpc: Vpc;
  public readonly publicSubnetIds: string[] = [];
  public readonly privateSubnetIds: string[] = [];
  public readonly privateRouteTableIds: string[] = [];

  constructor(scope: Construct, id: string, props: NetworkProps) {
    super(scope, id);
    const { name } = props;
    const clusterTag = { [`kubernetes.io/cluster/${name}`]: "shared" };
    this.vpc = new Vpc(this, "Resource", {
      cidrBlock: props.vpcCidr,
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: { Name: name },
    });
    // Take every rule off the default security group, so nothing lands in an open group by accident.
    new DefaultSecurityGroup(this, "DefaultSecurityGroup", {
      vpcId: this.vpc.id,
      tags: { Name: `${name}-default-unused` },
    });

    const igw = new InternetGateway(this, "InternetGateway", { vpcId: this.vpc.id, tags: { Name: name } });
    // Routes are separate resources (not inline), so routes the VPN gateway propagates do not fight them.
    const publicRoutes = new RouteTable(this, "PublicRoutes", { vpcId: this.vpc.id, tags: { Name: `${name}-public` } });
    new Route(this, "PublicDefaultRoute", {
      routeTableId: publicRoutes.id,
      destinationCidrBlock: "0.0.0.0/0",
      gatewayId: igw.id,
    });

    for (const { az, privateCidr, publicCidr } of planSubnets(props.vpcCidr, props.availabilityZones)) {
      const pub = new Subnet(this, `Public-${az}`, {
        vpcId: this.vpc.id,
        availabilityZone: az,
        cidrBlock: publicCidr,
        tags: { Name: `${name}-public-${az}`, "kubernetes.io/role/elb": "1", ...clusterTag },
      });
      new RouteTableAssociation(this, `PublicRoutesAssociation-${az}`, {
        subnetId: pub.id,
        routeTableId: publicRoutes.id,
      });
      const eip = new Eip(this, `NatAddress-${az}`, { domain: "vpc", tags: { Name: `${name}-nat-${az}` } });
      const nat = new NatGateway(this, `Nat-${az}`, {
        allocationId: eip.allocationId,
        subnetId: pub.id,
        tags: { Name: `${name}-${az}` },
        dependsOn: [igw],
      });

      const priv = new Subnet(this, `Private-${az}`, {
        vpcId: this.vpc.id,
        availabilityZone: az,
        cidrBlock: privateCidr,
        tags: { Name: `${name}-private-${az}`, "kubernetes.io/role/internal-elb": "1", ...clusterTag },
      });
      const privateRoutes = new RouteTable(this, `PrivateRoutes-${az}`, {
        vpcId: this.vpc.id,
        tags: { Name: `${name}-private-${az}` },
      });
      new Route(this, `PrivateDefaultRoute-${az}`, {
        routeTableId: privateRoutes.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nat.id,
      });
      new RouteTableAssociation(this, `PrivateRoutesAssociation-${az}`, {
        subnetId: priv.id,
        routeTableId: privateRoutes.id,
      });
      this.publicSubnetIds.push(pub.id);
      this.privateSubnetIds.push(priv.id);
      this.privateRouteTableIds.push(privateRoutes.id);
    }

    const flowLogs = new CloudwatchLogGroup(this, "FlowLogGroup", {
      name: `/aws/vpc-flow-logs/${name}`,
      retentionInDays: props.flowLogRetentionDays ?? 90,
      kmsKeyId: props.logsKmsKeyArn,
    });
    const role = new ServiceRole(this, "FlowLogRole", {
      name: `${name}-flow-logs`,
      partition: props.partition,
      trust: [serviceTrust("vpc-flow-logs.amazonaws.com", { sourceAccount: props.accountId })],
      inline: [
        {
          sid: "WriteToItsLogGroup",
          actions: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          resources: [flowLogs.arn, `${flowLogs.arn}:*`],
        },
      ],
    });
    new FlowLog(this, "FlowLog", {
      vpcId: this.vpc.id,
      trafficType: "ALL",
      logDestinationType: "cloud-watch-logs",
      logDestination: flowLogs.arn,
      iamRoleArn: role.role.arn,
      tags: { Name: name },
    });
  }
}

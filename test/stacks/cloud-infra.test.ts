import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { parse } from "yaml";
import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { ConnectivityConfig, EksEnvironmentConfig, MeshConfig } from "../../config/types";
import { MeshValidationError } from "../../constructs/errors";
import { CloudInfraStack, CloudInfraStackProps, clusterName } from "../../stacks/cloud-infra";
import { cidrSubnet, cidrsOverlap, parseCidr } from "../../config/cidr";
import { planSubnets } from "../../infra/aws/network";
import { at, list, text } from "../support";

type Resource = Record<string, unknown>;
interface Synthesized {
  readonly text: string;
  readonly json: {
    provider: Record<string, unknown>;
    resource: Record<string, Record<string, Resource>>;
    data: Record<string, Record<string, Resource>>;
    output: Record<string, { value: string; sensitive?: boolean }>;
  };
}

const config = parse(readFileSync(join(__dirname, "../../config/default.yaml"), "utf8")) as MeshConfig;
const cloud = config.environments.cloud as EksEnvironmentConfig;
const onprem = config.environments.onprem;
const defaults: CloudInfraStackProps = {
  project: config.project,
  envName: "cloud",
  env: cloud,
  connectivity: config.connectivity,
  peerNetworkCidrs: onprem.kind === "kind" ? onprem.networkCidrs : [],
};

function build(overrides: Partial<CloudInfraStackProps> = {}): CloudInfraStack {
  return new CloudInfraStack(Testing.app(), "cloud-infra", { ...defaults, ...overrides });
}
function synth(overrides: Partial<CloudInfraStackProps> = {}): Synthesized {
  const text = Testing.synth(build(overrides));
  return { text, json: JSON.parse(text) as Synthesized["json"] };
}
const all = (s: Synthesized, type: string): Resource[] => Object.values(s.json.resource[type] ?? {});
const one = (s: Synthesized, type: string): Resource => {
  const found = all(s, type);
  expect(found).toHaveLength(1);
  return found[0];
};
/** The props with the cloud environment changed. */
const withEnv = (
  change: (env: EksEnvironmentConfig) => Partial<EksEnvironmentConfig>,
): Partial<CloudInfraStackProps> => ({
  env: { ...cloud, ...change(cloud) },
});
const publicConnectivity: ConnectivityConfig = { type: "public" };

describe("CloudInfraStack with the default config (vpn)", () => {
  let s: Synthesized;
  beforeAll(() => {
    s = synth();
  });

  it("keeps the private endpoint on and the public one limited to the configured CIDRs", () => {
    expect(s.text).toHaveResourceWithProperties(EksCluster, {
      name: "hybrid-mesh-cloud",
      version: "1.33",
      vpc_config: {
        endpoint_private_access: true,
        endpoint_public_access: true,
        public_access_cidrs: ["203.0.113.0/24"],
        subnet_ids: expect.any(Array) as unknown,
      },
    });
    expect(clusterName("hybrid-mesh", "cloud")).toBe("hybrid-mesh-cloud");
  });

  it("encrypts secrets with a rotating key and grants admin only through an access entry for the configured role", () => {
    const cluster = one(s, "aws_eks_cluster");
    expect(at(cluster, "encryption_config.resources")).toEqual(["secrets"]);
    const keyRef = at(cluster, "encryption_config.provider.key_arn") as string;
    const keyName = /^\$\{aws_kms_key\.([^.]+)\.arn\}$/.exec(keyRef)?.[1];
    expect(keyName).toBeDefined();
    expect(s.json.resource.aws_kms_key[keyName ?? ""].enable_key_rotation).toBe(true);
    expect(all(s, "aws_kms_key").every((k) => k.enable_key_rotation === true)).toBe(true);
    expect(cluster.access_config).toEqual({
      authentication_mode: "API",
      bootstrap_cluster_creator_admin_permissions: false,
    });
    // The flag forces a new cluster in the AWS provider: a cluster created with it is not replaced.
    expect(at(cluster, "lifecycle.ignore_changes")).toEqual([
      "access_config[0].bootstrap_cluster_creator_admin_permissions",
    ]);
    expect(at(cluster, "lifecycle.precondition")).toHaveLength(1);
    const entry = one(s, "aws_eks_access_entry");
    expect(entry).toMatchObject({
      principal_arn: cloud.eks.adminRoleArn,
      type: "STANDARD",
      cluster_name: expect.stringMatching(/^\$\{aws_eks_cluster\./) as unknown,
    });
    expect(one(s, "aws_eks_access_policy_association")).toMatchObject({
      policy_arn:
        "arn:${data.aws_partition.partition.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      access_scope: { type: "cluster" },
      principal_arn: expect.stringMatching(/^\$\{aws_eks_access_entry\.[^.]+\.principal_arn\}$/) as unknown,
    });
  });

  it("sends api, audit and authenticator logs to a log group with retention", () => {
    const cluster = one(s, "aws_eks_cluster");
    expect(cluster.enabled_cluster_log_types).toEqual(expect.arrayContaining(["api", "audit", "authenticator"]));
    expect(s.text).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: "/aws/eks/hybrid-mesh-cloud/cluster",
      retention_in_days: 90,
      kms_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) as unknown,
    });
    expect(cluster.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_cloudwatch_log_group\./)]));
  });

  it("hardens the node launch template: IMDSv2 only, hop limit 1, encrypted gp3 root", () => {
    expect(s.text).toHaveResourceWithProperties(LaunchTemplate, {
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 },
      block_device_mappings: [
        {
          device_name: "/dev/xvda",
          ebs: expect.objectContaining({ volume_type: "gp3", encrypted: "true", volume_size: 50 }) as unknown,
        },
      ],
    });
    const lt = one(s, "aws_launch_template");
    expect(lt.vpc_security_group_ids).toBeUndefined();
  });

  it("runs the node group from the launch template in private subnets, without SSH", () => {
    const nodes = one(s, "aws_eks_node_group");
    expect(nodes.remote_access).toBeUndefined();
    expect(nodes.disk_size).toBeUndefined();
    expect(at(nodes, "launch_template.id")).toMatch(/^\$\{aws_launch_template\./);
    expect(nodes.scaling_config).toEqual({ min_size: 3, desired_size: 3, max_size: 6 });
    const privateSubnets = Object.entries(s.json.resource.aws_subnet)
      .filter(([, subnet]) => at(subnet, ["tags", "kubernetes.io/role/internal-elb"]) === "1")
      .map(([id]) => `\${aws_subnet.${id}.id}`);
    expect(privateSubnets).toHaveLength(2);
    expect([...list(nodes, "subnet_ids")].sort()).toEqual(privateSubnets.sort());
    const policies = all(s, "aws_iam_role_policy_attachment").map((a) => a.policy_arn as string);
    for (const p of [
      "AmazonEKSWorkerNodePolicy",
      "AmazonEKS_CNI_Policy",
      "AmazonEC2ContainerRegistryReadOnly",
      "AmazonEKSClusterPolicy",
    ]) {
      expect(policies).toContain(`arn:\${data.aws_partition.partition.partition}:iam::aws:policy/${p}`);
    }
  });

  it("lays out tagged public and private subnets per AZ with a NAT gateway each", () => {
    const subnets = all(s, "aws_subnet");
    expect(subnets.map((x) => [x.availability_zone, x.cidr_block]).sort()).toEqual([
      ["eu-west-1a", "10.20.0.0/20"],
      ["eu-west-1a", "10.20.128.0/20"],
      ["eu-west-1b", "10.20.144.0/20"],
      ["eu-west-1b", "10.20.16.0/20"],
    ]);
    for (const subnet of subnets)
      expect(at(subnet, ["tags", "kubernetes.io/cluster/hybrid-mesh-cloud"])).toBe("shared");
    expect(subnets.filter((x) => at(x, ["tags", "kubernetes.io/role/elb"]) === "1")).toHaveLength(2);
    expect(all(s, "aws_nat_gateway")).toHaveLength(2);
    const defaultRoutes = all(s, "aws_route").filter((r) => r.destination_cidr_block === "0.0.0.0/0");
    expect(defaultRoutes.filter((r) => /^\$\{aws_nat_gateway\./.test(String(r.nat_gateway_id)))).toHaveLength(2);
    expect(defaultRoutes.filter((r) => /^\$\{aws_internet_gateway\./.test(String(r.gateway_id)))).toHaveLength(1);
  });

  it("writes VPC flow logs to a log group through a role scoped to that group", () => {
    const flowLog = one(s, "aws_flow_log");
    expect(s.text).toHaveResourceWithProperties(FlowLog, {
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
    });
    const group = /^\$\{aws_cloudwatch_log_group\.([^.]+)\.arn\}$/.exec(text(flowLog, "log_destination"))?.[1];
    expect(s.json.resource.aws_cloudwatch_log_group[group ?? ""].retention_in_days).toBeGreaterThan(0);
    const role = /^\$\{aws_iam_role\.([^.]+)\.arn\}$/.exec(text(flowLog, "iam_role_arn"))?.[1];
    const inline = all(s, "aws_iam_role_policy").find((p) => p.role === `\${aws_iam_role.${role}.id}`);
    const doc = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(text(inline, "policy"))?.[1];
    expect(s.json.data.aws_iam_policy_document[doc ?? ""].statement).toEqual([
      expect.objectContaining({
        resources: [`\${aws_cloudwatch_log_group.${group}.arn}`, `\${aws_cloudwatch_log_group.${group}.arn}:*`],
      }),
    ]);
  });

  it("installs the EBS CSI add-on with an IRSA role trusted only by its service account", () => {
    expect(s.text).toHaveResourceWithProperties(EksAddon, {
      addon_name: "aws-ebs-csi-driver",
      service_account_role_arn: expect.stringMatching(/^\$\{aws_iam_role\./) as unknown,
    });
    const trust = Object.values(s.json.data.aws_iam_policy_document).find((d) =>
      list(d, "statement[0].actions").includes("sts:AssumeRoleWithWebIdentity"),
    );
    const conditions = at(trust, "statement[0].condition") as { variable: string; values: string[] }[];
    expect(conditions.find((c) => c.variable.endsWith(":sub"))?.values).toEqual([
      "system:serviceaccount:kube-system:ebs-csi-controller-sa",
    ]);
    expect(conditions.find((c) => c.variable.endsWith(":aud"))?.values).toEqual(["sts.amazonaws.com"]);
    expect(at(trust, "statement[0].principals[0].identifiers[0]")).toMatch(/^\$\{aws_iam_openid_connect_provider\./);
    expect(all(s, "aws_iam_role_policy_attachment").map((a) => a.policy_arn)).toContain(
      "arn:${data.aws_partition.partition.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    );
  });

  it("opens the gateway NodePort (30443) only from peerSourceCidrs, each rule described; no rule for 8080", () => {
    const rules = all(s, "aws_vpc_security_group_ingress_rule");
    const clusterSg = `\${aws_eks_cluster.${Object.keys(s.json.resource.aws_eks_cluster)[0]}.vpc_config[0].cluster_security_group_id}`;
    expect(s.text).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      from_port: 30443,
      to_port: 30443,
      ip_protocol: "tcp",
      security_group_id: clusterSg,
    });
    const gateway = rules.filter((r) => r.from_port === 30443 && r.to_port === 30443);
    expect(gateway.map((r) => r.cidr_ipv4)).toEqual(cloud.peerSourceCidrs);
    // The webhook (8080) is reached through the cluster SG's default self rule (all traffic from
    // itself, re-created by EKS; EKS user guide "security group requirements"), so no rule repeats it.
    expect(rules).toHaveLength(cloud.peerSourceCidrs.length);
    expect(rules.filter((r) => r.referenced_security_group_id)).toEqual([]);
    for (const r of rules) {
      expect(r.description).toEqual(expect.any(String));
      expect(r.ip_protocol).toBe("tcp");
      expect(r.from_port).toBe(r.to_port);
      expect(r.cidr_ipv4).not.toBe("0.0.0.0/0");
      expect(r.security_group_id).toBe(clusterSg);
    }
    expect(all(s, "aws_security_group_rule")).toEqual([]);
    expect(s.text).not.toMatch(/"(protocol|ip_protocol)": "-1"/);
  });

  it("creates an immutable, scanned, KMS-encrypted ECR repository that destroy can remove with its images", () => {
    expect(s.text).toHaveResourceWithProperties(EcrRepository, {
      name: "hybrid-mesh/service",
      force_delete: true,
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
      encryption_configuration: [{ encryption_type: "KMS" }],
    });
  });

  it("pins IKEv2, AES-256 (GCM or CBC), SHA-2 and DH groups 19-21 on both tunnels", () => {
    const vpn = one(s, "aws_vpn_connection");
    for (const t of ["tunnel1", "tunnel2"]) {
      expect(vpn[`${t}_ike_versions`]).toEqual(["ikev2"]);
      for (const phase of ["phase1", "phase2"]) {
        expect(vpn[`${t}_${phase}_encryption_algorithms`]).toEqual(["AES256-GCM-16", "AES256"]);
        expect(vpn[`${t}_${phase}_integrity_algorithms`]).toEqual(["SHA2-256", "SHA2-384", "SHA2-512"]);
        expect(vpn[`${t}_${phase}_dh_group_numbers`]).toEqual([19, 20, 21]);
      }
    }
    // Nothing weaker slips in through another tunnel option.
    expect(JSON.stringify(vpn)).not.toMatch(/ikev1|"AES128|SHA1"|\b(2|5|14|15|16|17|18|22|23|24)\b(?=[,\]])/);
  });

  it("builds the site-to-site VPN with a static route per on-prem network", () => {
    expect(one(s, "aws_customer_gateway")).toMatchObject({
      ip_address: "198.51.100.1",
      bgp_asn: "65000",
      type: "ipsec.1",
    });
    expect(one(s, "aws_vpn_gateway").vpc_id).toMatch(/^\$\{aws_vpc\./);
    expect(one(s, "aws_vpn_connection")).toMatchObject({ type: "ipsec.1", static_routes_only: true });
    expect(
      all(s, "aws_vpn_connection_route")
        .map((r) => r.destination_cidr_block)
        .sort(),
    ).toEqual([...defaults.peerNetworkCidrs].sort());
    expect(all(s, "aws_vpn_gateway_route_propagation")).toHaveLength(2);
  });

  it("outputs what the consul stack needs, nothing sensitive, no preshared keys", () => {
    expect(Object.keys(s.json.output).sort()).toEqual(
      [
        "cluster_certificate_authority",
        "cluster_endpoint",
        "cluster_name",
        "cluster_security_group_id",
        "ecr_repository_url",
        "oidc_provider_arn",
        "vpc_id",
        "vpn_connection_id",
      ].sort(),
    );
    for (const o of Object.values(s.json.output)) {
      expect(o.sensitive).toBeUndefined();
      expect(o.value).not.toMatch(/preshared|tunnel/);
    }
  });

  it("configures only the AWS provider, with default tags", () => {
    expect(Object.keys(s.json.provider)).toEqual(["aws"]);
    expect(s.text).not.toMatch(/"(kubernetes|helm)"/);
    expect(s.json.provider.aws).toEqual([
      expect.objectContaining({
        region: "eu-west-1",
        default_tags: [{ tags: { project: "hybrid-mesh", environment: "cloud", "managed-by": "cdktf" } }],
      }),
    ]);
  });

  it("matches the snapshot and synthesizes the same twice", () => {
    expect(s.text).toMatchSnapshot();
    expect(synth().text).toBe(s.text);
  });
});

describe("CloudInfraStack variants", () => {
  it("has no VPN and the public endpoint off with public connectivity and no public CIDRs", () => {
    const s = synth({
      connectivity: publicConnectivity,
      ...withEnv((e) => ({ eks: { ...e.eks, publicAccessCidrs: [] } })),
    });
    for (const type of [
      "aws_customer_gateway",
      "aws_vpn_gateway",
      "aws_vpn_connection",
      "aws_vpn_connection_route",
      "aws_vpn_gateway_route_propagation",
    ]) {
      expect(all(s, type)).toEqual([]);
    }
    expect(s.json.output.vpn_connection_id).toBeUndefined();
    const cluster = one(s, "aws_eks_cluster");
    expect(at(cluster, "vpc_config.endpoint_public_access")).toBe(false);
    expect(at(cluster, "vpc_config.endpoint_private_access")).toBe(true);
    expect(at(cluster, "vpc_config.public_access_cidrs")).toBeUndefined();
  });

  it("rejects bad config with every problem named by its path", () => {
    const bad = {
      connectivity: { type: "vpn", vpn: { customerGatewayIp: "not-an-ip", bgpAsn: 0 } } as ConnectivityConfig,
      peerNetworkCidrs: ["10.20.5.0/24"],
      ...withEnv((e) => ({
        availabilityZones: ["eu-west-1a"],
        vpcCidr: "10.20.0.0/8",
        peerSourceCidrs: ["0.0.0.0/0"],
        eks: { ...e.eks, publicAccessCidrs: ["1.2.3.4/24"] },
      })),
    };
    let error: unknown;
    try {
      build(bad);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MeshValidationError);
    expect((error as MeshValidationError).problems).toEqual([
      'cloud-infra: environments.cloud.availabilityZones: ["eu-west-1a"] must list 2 to 8 zones',
      'cloud-infra: environments.cloud.vpcCidr: "10.20.0.0/8" must be an IPv4 network from /16 to /24',
      'cloud-infra: environments.cloud.eks.publicAccessCidrs[0]: "1.2.3.4/24" is not an IPv4 network CIDR',
      'cloud-infra: environments.cloud.peerSourceCidrs[0]: "0.0.0.0/0" opens to every address; name the networks instead',
      'cloud-infra: connectivity.vpn.customerGatewayIp: "not-an-ip" is not an IPv4 address',
      "cloud-infra: connectivity.vpn.bgpAsn: 0 is not a BGP ASN",
    ]);
  });

  it("leaves a world-open API endpoint to the policy gate, where a reasoned suppression can allow it", () => {
    // given
    const config = withEnv((e) => ({ eks: { ...e.eks, publicAccessCidrs: ["0.0.0.0/0"] } }));
    // when
    const synth = () => build(config);
    // then
    expect(synth).not.toThrow();
  });

  it("rejects on-prem networks that overlap the VPC", () => {
    expect(() => build({ peerNetworkCidrs: ["bad", "10.20.5.0/24"] })).toThrow(
      'cloud-infra: peerNetworkCidrs[1]: "10.20.5.0/24" overlaps environments.cloud.vpcCidr 10.20.0.0/16',
    );
  });
});

describe("CIDR arithmetic", () => {
  it("matches Terraform's cidrsubnet", () => {
    expect(cidrSubnet("10.20.0.0/16", 4, 0)).toBe("10.20.0.0/20");
    expect(cidrSubnet("10.20.0.0/16", 4, 9)).toBe("10.20.144.0/20");
    expect(cidrSubnet("10.0.0.0/8", 8, 255)).toBe("10.255.0.0/16");
    expect(cidrSubnet("192.168.1.0/24", 4, 15)).toBe("192.168.1.240/28");
    expect(() => cidrSubnet("10.20.0.0/16", 4, 16)).toThrow(/does not fit/);
  });

  it("parses network CIDRs only and detects overlap", () => {
    expect(parseCidr("10.20.1.0/16")).toBeUndefined();
    expect(parseCidr("256.0.0.0/8")).toBeUndefined();
    expect(parseCidr("0.0.0.0/0")).toEqual({ network: 0, prefix: 0 });
    const cidr = (text: string) => {
      const parsed = parseCidr(text);
      if (!parsed) throw new Error(`${text} does not parse`);
      return parsed;
    };
    expect(cidrsOverlap(cidr("10.20.0.0/16"), cidr("10.20.255.0/24"))).toBe(true);
    expect(cidrsOverlap(cidr("10.20.0.0/16"), cidr("10.21.0.0/16"))).toBe(false);
  });

  it("keeps existing subnets in place when an AZ is added", () => {
    const two = planSubnets("10.20.0.0/16", ["a", "b"]);
    expect(planSubnets("10.20.0.0/16", ["a", "b", "c"]).slice(0, 2)).toEqual(two);
  });
});

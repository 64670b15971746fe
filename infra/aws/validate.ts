import { Problems } from "../../constructs/errors";
import type { ConnectivityConfig, EksEnvironmentConfig } from "../../config/types";
import { cidrsOverlap, parseCidr, parseIpv4, type Ipv4Cidr } from "../../config/cidr";
import { MAX_AZS, SUBNET_NEWBITS } from "./network";

export interface CloudInfraInput {
  readonly envName: string;
  readonly clusterName: string;
  readonly env: EksEnvironmentConfig;
  readonly connectivity: ConnectivityConfig;
  readonly peerNetworkCidrs: string[];
}

/** The longest derived IAM name is `<cluster>-eks-cluster`; IAM allows 64 characters. */
const MAX_CLUSTER_NAME = 52;
const CLUSTER_NAME = /^[A-Za-z][A-Za-z0-9-]*$/;
const ECR_NAME = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*\/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

/** Checks what cloud-infra derives names and networks from; throws every problem at once. */
export function validateCloudInfra(where: string, input: CloudInfraInput): void {
  const p = new Problems(where);
  const { env, envName } = input;
  const at = `environments.${envName}`;

  if (!CLUSTER_NAME.test(input.clusterName) || input.clusterName.length > MAX_CLUSTER_NAME) {
    p.add(
      "project",
      input.clusterName,
      `(cluster name) must be a letter then letters, digits or '-', at most ${MAX_CLUSTER_NAME} characters`,
    );
  }
  const azs = env.availabilityZones;
  if (azs.length < 2 || azs.length > MAX_AZS) p.add(`${at}.availabilityZones`, azs, `must list 2 to ${MAX_AZS} zones`);
  if (new Set(azs).size !== azs.length) p.add(`${at}.availabilityZones`, azs, "lists a zone twice");

  const vpc = parseCidr(env.vpcCidr);
  if (!vpc || vpc.prefix < 16 || vpc.prefix > 28 - SUBNET_NEWBITS) {
    p.add(`${at}.vpcCidr`, env.vpcCidr, `must be an IPv4 network from /16 to /${28 - SUBNET_NEWBITS}`);
  }
  /** Parses each CIDR (undefined where bad, so indexes stay aligned); `open` allows /0. */
  const restricted = (path: string, cidrs: string[], open = false): (Ipv4Cidr | undefined)[] =>
    cidrs.map((cidr, i) => {
      const c = parseCidr(cidr);
      if (!c) p.add(`${path}[${i}]`, cidr, "is not an IPv4 network CIDR");
      else if (c.prefix === 0 && !open)
        p.add(`${path}[${i}]`, cidr, "opens to every address; name the networks instead");
      return c;
    });
  // A world-open API endpoint is the policy gate's call (its EKS endpoint rule), which a reasoned suppression can waive.
  restricted(`${at}.eks.publicAccessCidrs`, env.eks.publicAccessCidrs, true);
  restricted(`${at}.peerSourceCidrs`, env.peerSourceCidrs);
  if (env.peerSourceCidrs.length === 0)
    p.add(`${at}.peerSourceCidrs`, [], "is empty: nothing could reach the mesh gateway");
  restricted("peerNetworkCidrs", input.peerNetworkCidrs).forEach((c, i) => {
    if (c && vpc && cidrsOverlap(c, vpc))
      p.add(`peerNetworkCidrs[${i}]`, input.peerNetworkCidrs[i], `overlaps ${at}.vpcCidr ${env.vpcCidr}`);
  });

  if (!ECR_NAME.test(env.images.ecrRepository)) {
    p.add(`${at}.images.ecrRepository`, env.images.ecrRepository, "is not a valid ECR repository name");
  }
  if (input.connectivity.type === "vpn") {
    const { customerGatewayIp, bgpAsn } = input.connectivity.vpn;
    if (parseIpv4(customerGatewayIp) === undefined)
      p.add("connectivity.vpn.customerGatewayIp", customerGatewayIp, "is not an IPv4 address");
    if (!Number.isInteger(bgpAsn) || bgpAsn < 1 || bgpAsn > 4294967294)
      p.add("connectivity.vpn.bgpAsn", bgpAsn, "is not a BGP ASN");
  }
  p.throwIfAny();
}

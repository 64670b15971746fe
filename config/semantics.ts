import * as fs from "fs";
import * as YAML from "yaml";
import {
  cidrsOverlap,
  covers,
  isPrivateRange,
  notPublicUnicast,
  openness,
  parseCidr,
  parseRange,
  unusableOverlap,
  type IpRange,
  type Ipv4Cidr,
} from "./cidr";
import type { ConfigIssue } from "./errors";
import { show } from "../constructs/private/format";
import { mutableTagProblem } from "./images";
import { checkVmEnvironment } from "./vm";
import { checkExternalServices } from "./external-services";
import type { BackendConfig, EksEnvironmentConfig, KindEnvironmentConfig, MeshConfig } from "./types";

/**
 * Kubernetes versions EKS creates clusters at: standard plus extended support, from the EKS
 * release calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html). Update it
 * when EKS adds a version or one leaves extended support.
 */
export const EKS_VERSIONS: readonly string[] = ["1.31", "1.32", "1.33", "1.34", "1.35", "1.36"];
/** Consul servers on EKS (charts-values/eks.yaml); the chart's default affinity puts each on its own node. */
export const EKS_CONSUL_SERVERS = 3;
/** AWS allows VPC blocks from /16 to /28; the subnet layout cuts the VPC in 16, and a subnet may be no smaller than /28. */
const VPC_PREFIX = { min: 16, max: 24 };
/** BGP ASNs AWS reserves, by region (EC2 CreateCustomerGateway reference). */
const RESERVED_ASNS: Readonly<Record<string, number>> = { "us-east-1": 7224, "eu-west-1": 9059 };
/** bgpAsn goes to aws_customer_gateway.bgp_asn, whose range ends here (larger ASNs need bgp_asn_extended). */
const MAX_BGP_ASN = 2147483647;
/** Instance sizes whose pod limit (VPC CNI: ENIs x addresses) can't hold the mesh's system pods. */
const TOO_SMALL = /\.(nano|micro|small)$/;
/** Graviton families (a1, m6g, c7gn, t4g, r8g...) run arm64; one node group has one AMI architecture. */
const ARM_FAMILY = /^(a1|[a-z]+\d+g[a-z]*)\./;

/** Docker's reference grammar without tag or digest: an optional registry host[:port], then lower-case path components. */
const IMAGE_REPOSITORY =
  /^(?:[A-Za-z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

export interface SemanticResult {
  readonly problems: ConfigIssue[];
  /** Printed by synth, which still succeeds. */
  readonly warnings: ConfigIssue[];
}

/**
 * Checks across fields that a schema cannot express, and what AWS, Kubernetes, Consul or IP
 * routing would refuse at deploy time. Service, call and failover checks live in the topology
 * verifier, which reports them with the same config paths.
 */
export function checkSemantics(config: MeshConfig): SemanticResult {
  const problems: ConfigIssue[] = [];
  const warnings: ConfigIssue[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const envs = Object.entries(config.environments);

  const dcSeen = new Map<string, string>();
  for (const [name, env] of envs) {
    const other = dcSeen.get(env.datacenter);
    if (other)
      add(
        `environments.${name}.datacenter`,
        `${show(env.datacenter)} is already the datacenter of environments.${other}`,
      );
    else dcSeen.set(env.datacenter, name);
  }

  // Peered networks must not overlap: routes over the VPN and gateway addresses would be ambiguous.
  const networks: { at: string; cidr: Ipv4Cidr; text: string; env: string }[] = [];
  for (const [name, env] of envs) {
    const list =
      env.kind === "eks"
        ? [["vpcCidr", env.vpcCidr] as const]
        : env.networkCidrs.map((c, i) => [`networkCidrs[${i}]`, c] as const);
    for (const [field, text] of list) {
      const cidr = parseCidr(text);
      if (cidr) networks.push({ at: `environments.${name}.${field}`, cidr, text, env: name });
    }
  }
  for (let i = 0; i < networks.length; i++) {
    for (let j = i + 1; j < networks.length; j++) {
      const a = networks[i],
        b = networks[j];
      if (a.env !== b.env && cidrsOverlap(a.cidr, b.cidr)) {
        add(b.at, `${show(b.text)} overlaps ${a.at} (${show(a.text)}); peered networks must not overlap`);
      }
    }
  }

  for (const n of networks) {
    const range = parseRange(n.text);
    const reserved = range && unusableOverlap(range);
    if (reserved)
      add(
        n.at,
        `${show(n.text)} overlaps ${reserved}, which no host network can use (loopback, link-local, multicast or reserved); use a private range such as 10.0.0.0/16`,
      );
  }

  for (const [name, env] of envs) {
    const at = `environments.${name}`;
    checkBackend(`${at}.backend`, env.backend, add);
    if (env.kind === "vm") {
      problems.push(...checkVmEnvironment(name, env, config));
      continue;
    }
    checkGateway(at, env, add);
    if (env.kind === "eks") checkEks(at, env, config, problems, warnings);
    else checkKind(at, env, add);
  }

  if (config.connectivity.type === "vpn") {
    const { customerGatewayIp, bgpAsn } = config.connectivity.vpn;
    const notPublic = notPublicUnicast(customerGatewayIp);
    if (notPublic)
      add(
        "connectivity.vpn.customerGatewayIp",
        `${show(customerGatewayIp)} ${notPublic}; the VPN needs the on-prem router's public address`,
      );
    if (bgpAsn > MAX_BGP_ASN)
      add(
        "connectivity.vpn.bgpAsn",
        `${bgpAsn} is above ${MAX_BGP_ASN}, the largest ASN aws_customer_gateway.bgp_asn takes`,
      );
    for (const [name, env] of envs) {
      if (env.kind === "eks" && RESERVED_ASNS[env.region] === bgpAsn) {
        add(
          "connectivity.vpn.bgpAsn",
          `${bgpAsn} is reserved by AWS in ${env.region} (environments.${name}.region); use a private ASN such as 65000`,
        );
      }
    }
    if (!envs.some(([, e]) => e.kind === "eks"))
      add("connectivity.type", '"vpn" needs an eks environment to end the VPN in; use "public"');
  }

  const pairs = new Map<string, number>();
  config.peerings.forEach((p, i) => {
    for (const side of ["acceptor", "dialer"] as const) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the key comes from the config file, which may name an undeclared environment
      if (!config.environments[p[side]])
        add(`peerings[${i}].${side}`, `${show(p[side])} is not a declared environment`);
    }
    if (p.acceptor === p.dialer) add(`peerings[${i}]`, `${show(p.acceptor)} cannot peer with itself`);
    // Consul names a peering after the other side: a second one between the same two, either way, collides.
    const pair = [p.acceptor, p.dialer].sort().join("\u0000");
    const first = pairs.get(pair);
    if (first !== undefined)
      add(
        `peerings[${i}]`,
        `${show(p.acceptor)} and ${show(p.dialer)} are already peered by peerings[${first}]; two environments peer once, in one direction`,
      );
    else pairs.set(pair, i);
  });

  config.services.forEach((s, i) => {
    // It names a Kubernetes Service, which must be an RFC 1035 label.
    if (/^[0-9]/.test(s.name))
      add(
        `services[${i}].name`,
        `${show(s.name)} must start with a letter: it names a Kubernetes Service (RFC 1035 label)`,
      );
    if (s.port < 1024)
      add(
        `services[${i}].port`,
        `${s.port} is below 1024: the app runs as a non-root user with every capability dropped (Pod Security "restricted"), so it cannot bind it`,
      );
  });
  problems.push(...checkExternalServices(config));
  return { problems, warnings };
}

type Add = (path: string, message: string) => void;

function checkGateway(at: string, env: EksEnvironmentConfig | KindEnvironmentConfig, add: Add): void {
  const gw = env.meshGateway;
  if (gw.publicAddress !== undefined) {
    if (env.kind !== "kind")
      add(
        `${at}.meshGateway.publicAddress`,
        `is only used by kind environments; an eks gateway is reached through its NLB`,
      );
    const notPublic = notPublicUnicast(gw.publicAddress);
    if (notPublic)
      add(
        `${at}.meshGateway.publicAddress`,
        `${show(gw.publicAddress)} ${notPublic}; the other side dials it across the internet`,
      );
  } else if (gw.publicPort !== undefined) {
    add(`${at}.meshGateway.publicPort`, "has no effect without meshGateway.publicAddress; set both or neither");
  }
}

function checkEks(
  at: string,
  env: EksEnvironmentConfig,
  config: MeshConfig,
  problems: ConfigIssue[],
  warnings: ConfigIssue[],
): void {
  const add: Add = (path, message) => problems.push({ path, message });
  env.availabilityZones.forEach((az, i) => {
    if (!new RegExp(`^${env.region}[a-z]$`).test(az)) {
      add(
        `${at}.availabilityZones[${i}]`,
        `${show(az)} is not a zone of ${at}.region ${show(env.region)} (zones are the region name plus a letter, e.g. "${env.region}a")`,
      );
    }
  });
  const vpc = parseCidr(env.vpcCidr);
  if (vpc && (vpc.prefix < VPC_PREFIX.min || vpc.prefix > VPC_PREFIX.max)) {
    add(
      `${at}.vpcCidr`,
      `${show(env.vpcCidr)} must be /${VPC_PREFIX.min} to /${VPC_PREFIX.max}: AWS allows a VPC from /16 to /28, and each of the 16 subnets cut from it must be /28 or larger`,
    );
  }
  if (!EKS_VERSIONS.includes(env.eks.version)) {
    add(
      `${at}.eks.version`,
      `${show(env.eks.version)} is not a version EKS creates clusters at (${EKS_VERSIONS[0]} to ${EKS_VERSIONS[EKS_VERSIONS.length - 1]})`,
    );
  }
  // Open to the internet is a choice a reasoned suppression of the gate's endpoint rule may waive; private ranges EKS refuses.
  const endpointWaiver =
    "name the networks instead, or waive it with a suppression (and a reason) of the policy gate's EKS endpoint rule";
  checkCidrList(
    `${at}.eks.publicAccessCidrs`,
    env.eks.publicAccessCidrs,
    (path, message) => problems.push({ path, message, policy: "eks-public-endpoint" }),
    endpointWaiver,
  );
  env.eks.publicAccessCidrs.forEach((c, i) => {
    const r = parseRange(c);
    if (r && isPrivateRange(r))
      add(
        `${at}.eks.publicAccessCidrs[${i}]`,
        `${show(c)} is private; EKS refuses private ranges for the public endpoint (the private endpoint already serves the VPC)`,
      );
  });

  const ng = env.eks.nodeGroup;
  if (!(ng.minSize <= ng.desiredSize && ng.desiredSize <= ng.maxSize)) {
    add(
      `${at}.eks.nodeGroup`,
      `${show({ minSize: ng.minSize, desiredSize: ng.desiredSize, maxSize: ng.maxSize })} needs minSize <= desiredSize <= maxSize`,
    );
  }
  const needed = Math.max(EKS_CONSUL_SERVERS, env.meshGateway.replicas);
  if (ng.minSize < needed) {
    add(
      `${at}.eks.nodeGroup.minSize`,
      `${ng.minSize} is below ${needed}: each of the ${EKS_CONSUL_SERVERS} Consul servers and ${env.meshGateway.replicas} mesh gateways needs a node of its own (required anti-affinity)`,
    );
  }
  ng.instanceTypes.forEach((t, i) => {
    if (TOO_SMALL.test(t))
      add(
        `${at}.eks.nodeGroup.instanceTypes[${i}]`,
        `${show(t)} is too small: its pod limit can't hold Consul, the gateway and the system pods; use a .large or bigger`,
      );
  });
  const arches = new Set(ng.instanceTypes.map((t) => (ARM_FAMILY.test(t) ? "arm64" : "x86_64")));
  if (arches.size > 1)
    add(
      `${at}.eks.nodeGroup.instanceTypes`,
      `${show(ng.instanceTypes)} mixes arm64 (Graviton) and x86_64 types; a node group runs one AMI architecture`,
    );

  checkCidrList(`${at}.peerSourceCidrs`, env.peerSourceCidrs, add, "list the other side's egress ranges instead");
  const sources = env.peerSourceCidrs.map(parseRange).filter((r): r is IpRange => r !== undefined);
  if (config.connectivity.type === "vpn") {
    // The VPN routes each on-prem environment's first network (cloud-infra's peerNetworkCidrs); the gateway must admit it.
    for (const [other, e] of Object.entries(config.environments)) {
      if (e.kind !== "kind") continue;
      const routed = parseRange(e.networkCidrs[0]);
      if (routed && !covers(sources, routed)) {
        add(
          `${at}.peerSourceCidrs`,
          `${show(env.peerSourceCidrs)} does not cover environments.${other}.networkCidrs[0] (${show(e.networkCidrs[0])}), which the VPN routes; that side's gateway could not reach this one`,
        );
      }
    }
  } else if (sources.length && sources.every(isPrivateRange)) {
    warnings.push({
      path: `${at}.peerSourceCidrs`,
      message: `${show(env.peerSourceCidrs)} are all private, but connectivity is "public": traffic over the internet arrives from the other side's public (NAT) address, so nothing will reach this gateway`,
    });
  }
  checkTag(`${at}.images.tag`, env.images.tag, add);
}

function checkKind(at: string, env: KindEnvironmentConfig, add: Add): void {
  if (env.meshGateway.nodePort === undefined) {
    add(`${at}.meshGateway.nodePort`, `is required for a ${env.kind} environment (the gateway is a NodePort service)`);
  }
  const seen = new Set<string>();
  env.networkCidrs.forEach((c, i) => {
    if (seen.has(c)) add(`${at}.networkCidrs[${i}]`, `${show(c)} is listed twice`);
    seen.add(c);
  });
  if (!IMAGE_REPOSITORY.test(env.images.repository)) {
    add(
      `${at}.images.repository`,
      `${show(env.images.repository)} is not an image repository (e.g. "registry.local:5000/team/service"; lower-case path, no tag: the tag is images.tag)`,
    );
  }
  checkTag(`${at}.images.tag`, env.images.tag, add);
  checkKindConfig(at, env, add);
}

/**
 * The kind cluster file must exist and agree with the config: the kube context kind creates is
 * `kind-<name>`, the host must map the gateway's NodePort, and the pod and service ranges must be
 * among networkCidrs so the overlap check sees them.
 */
function checkKindConfig(at: string, env: KindEnvironmentConfig, add: Add): void {
  let kind: {
    name?: unknown;
    networking?: { podSubnet?: unknown; serviceSubnet?: unknown };
    nodes?: { extraPortMappings?: { containerPort?: unknown }[] }[];
  };
  try {
    kind = (YAML.parse(fs.readFileSync(env.kindConfig, "utf8")) ?? {}) as typeof kind;
  } catch (e) {
    // YAML's parse errors carry a `code` too (e.g. BAD_INDENT): tell them from a file that can't be read.
    const code = e instanceof YAML.YAMLError ? undefined : (e as NodeJS.ErrnoException).code;
    add(
      `${at}.kindConfig`,
      code
        ? `${show(env.kindConfig)} cannot be read (${code}); paths are relative to the directory synth runs in`
        : `${show(env.kindConfig)} is not valid YAML`,
    );
    return;
  }
  if (typeof kind.name === "string" && env.kubeContext !== `kind-${kind.name}`) {
    add(
      `${at}.kubeContext`,
      `${show(env.kubeContext)} is not the context kind creates for the cluster ${show(kind.name)} in ${env.kindConfig}; use "kind-${kind.name}"`,
    );
  }
  const mapped = (kind.nodes ?? []).flatMap((n) => n.extraPortMappings ?? []).map((m) => m.containerPort);
  if (env.meshGateway.nodePort !== undefined && !mapped.includes(env.meshGateway.nodePort)) {
    add(
      `${at}.meshGateway.nodePort`,
      `${env.meshGateway.nodePort} is not mapped to the host by ${env.kindConfig} (extraPortMappings containerPort); the other side could not reach the gateway`,
    );
  }
  const declared = env.networkCidrs.map(parseRange).filter((r): r is IpRange => r !== undefined);
  for (const [field, fallback] of [
    ["podSubnet", "10.244.0.0/16"],
    ["serviceSubnet", "10.96.0.0/16"],
  ] as const) {
    const value = typeof kind.networking?.[field] === "string" ? kind.networking[field] : fallback;
    const range = parseRange(value);
    if (range && !covers(declared, range)) {
      add(
        `${at}.networkCidrs`,
        `${show(env.networkCidrs)} does not cover the cluster's ${field} ${show(value)} from ${env.kindConfig}`,
      );
    }
  }
}

/** CIDR lists that admit traffic: no duplicates (one rule each), and nothing as open as the internet. */
function checkCidrList(at: string, cidrs: readonly string[], add: Add, fix: string): void {
  const seen = new Map<string, number>();
  cidrs.forEach((c, i) => {
    const first = seen.get(c);
    if (first !== undefined) add(`${at}[${i}]`, `${show(c)} repeats ${at}[${first}]`);
    else seen.set(c, i);
    const why = openness([c]);
    if (why) add(`${at}[${i}]`, `${show(c)} ${why}; ${fix}`);
  });
  const together = cidrs.length > 1 && cidrs.every((c) => openness([c]) === undefined) ? openness(cidrs) : undefined;
  if (together) add(at, `${show(cidrs)} ${together}; ${fix}`);
}

function checkTag(at: string, tag: string, add: Add): void {
  const problem = mutableTagProblem(tag);
  if (problem) add(at, `${show(tag)} ${problem}`);
}

/** S3 bucket naming rules (docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html). */
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

function checkBackend(at: string, b: BackendConfig, add: Add): void {
  if (b.type !== "s3") return;
  if (
    !BUCKET.test(b.bucket) ||
    b.bucket.includes("..") ||
    /^\d+\.\d+\.\d+\.\d+$/.test(b.bucket) ||
    /^(xn--|sthree-)/.test(b.bucket) ||
    /(-s3alias|--ol-s3)$/.test(b.bucket)
  ) {
    add(
      `${at}.bucket`,
      `${show(b.bucket)} is not a valid S3 bucket name (3-63 lower-case letters, digits, '.' and '-', starting and ending with a letter or digit, not an IP address)`,
    );
  }
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(b.region))
    add(`${at}.region`, `${show(b.region)} is not an AWS region (e.g. "eu-west-1")`);
  if (b.keyPrefix !== undefined && (b.keyPrefix.startsWith("/") || b.keyPrefix.includes("//"))) {
    add(
      `${at}.keyPrefix`,
      `${show(b.keyPrefix)} must not start with '/' or contain '//'; Terraform's S3 backend refuses such a key`,
    );
  }
  if (b.useLockfile === false && !b.dynamodbTable) {
    add(
      `${at}.useLockfile`,
      "false with no dynamodbTable leaves the state unlocked: two applies at once corrupt it; keep the lock file or name a table",
    );
  }
  if (b.dynamodbTable !== undefined && !/^[A-Za-z0-9_.-]{3,255}$/.test(b.dynamodbTable)) {
    add(
      `${at}.dynamodbTable`,
      `${show(b.dynamodbTable)} is not a DynamoDB table name (3-255 letters, digits, '_', '-' and '.')`,
    );
  }
}

import { show } from "../constructs/errors";
import { cidrsOverlap, parseCidr, type Ipv4Cidr } from "./cidr";
import type { MeshConfig } from "./types";
import { checkVmEnvironment } from "./vm";

/** HM-EKS-001 is the policy rule for the public API endpoint; the config may waive it with a reason. */
const PUBLIC_ENDPOINT_RULE = "HM-EKS-001";

/**
 * Checks across fields that a schema cannot express. Service, call and failover checks live in
 * the topology verifier, which reports them with the same config paths.
 */
export function checkSemantics(config: MeshConfig): string[] {
  const problems: string[] = [];
  const envs = Object.entries(config.environments);

  const dcSeen = new Map<string, string>();
  for (const [name, env] of envs) {
    const other = dcSeen.get(env.datacenter);
    if (other) problems.push(`environments.${name}.datacenter: ${show(env.datacenter)} is already the datacenter of environments.${other}`);
    else dcSeen.set(env.datacenter, name);
  }

  // Peered networks must not overlap: routes over the VPN and gateway addresses would be ambiguous.
  const networks: { at: string; cidr: Ipv4Cidr; text: string; env: string }[] = [];
  for (const [name, env] of envs) {
    const list = env.kind === "eks" ? [["vpcCidr", env.vpcCidr] as const] : env.networkCidrs.map((c, i) => [`networkCidrs[${i}]`, c] as const);
    for (const [field, text] of list) {
      const cidr = parseCidr(text);
      if (cidr) networks.push({ at: `environments.${name}.${field}`, cidr, text, env: name });
    }
  }
  for (let i = 0; i < networks.length; i++) {
    for (let j = i + 1; j < networks.length; j++) {
      const a = networks[i], b = networks[j];
      if (a.env !== b.env && cidrsOverlap(a.cidr, b.cidr)) {
        problems.push(`${b.at}: ${show(b.text)} overlaps ${a.at} (${show(a.text)}); peered networks must not overlap`);
      }
    }
  }

  for (const [name, env] of envs) {
    const at = `environments.${name}`;
    if (env.kind === "eks") {
      const ng = env.eks.nodeGroup;
      if (!(ng.minSize <= ng.desiredSize && ng.desiredSize <= ng.maxSize)) {
        problems.push(`${at}.eks.nodeGroup: ${show({ minSize: ng.minSize, desiredSize: ng.desiredSize, maxSize: ng.maxSize })} needs minSize <= desiredSize <= maxSize`);
      }
      const waived = config.suppressions.some((s) => s.rule === PUBLIC_ENDPOINT_RULE);
      env.eks.publicAccessCidrs.forEach((c, i) => {
        if (parseCidr(c)?.prefix === 0 && !waived) {
          problems.push(`${at}.eks.publicAccessCidrs[${i}]: ${show(c)} is not allowed; name your networks, or add a suppression of ${PUBLIC_ENDPOINT_RULE} with a reason`);
        }
      });
      env.peerSourceCidrs.forEach((c, i) => {
        if (parseCidr(c)?.prefix === 0) problems.push(`${at}.peerSourceCidrs[${i}]: ${show(c)} is not allowed; list the other side's egress ranges`);
      });
    } else if (env.kind === "vm") {
      problems.push(...checkVmEnvironment(name, env, config));
    } else if (env.meshGateway.nodePort === undefined) {
      problems.push(`${at}.meshGateway.nodePort: is required for a ${env.kind} environment (the gateway is a NodePort service)`);
    }
  }

  config.peerings.forEach((p, i) => {
    for (const side of ["acceptor", "dialer"] as const) {
      if (!config.environments[p[side]]) problems.push(`peerings[${i}].${side}: ${show(p[side])} is not a declared environment`);
    }
    if (p.acceptor === p.dialer) problems.push(`peerings[${i}]: ${show(p.acceptor)} cannot peer with itself`);
  });
  return problems;
}

import { openness } from "../../private/cidr";
import { isNonBlank, isObject, many, num, objects, one } from "../json";
import { showOrAbsent } from "../../private/format";
import { Finding, PolicyContext, PolicyElement, PolicyRule } from "../types";

/** Tag that marks a security group as fronting a Consul mesh gateway (see `allowPublicMeshGatewayPorts`). */
export const MESH_GATEWAY_TAG = { key: "hybrid-mesh/role", value: "mesh-gateway" } as const;

const ALL_PROTOCOLS = new Set(["-1", "all"]);

/** One ingress permission, whichever of the three AWS resource shapes it came from. */
interface Ingress {
  readonly el: PolicyElement;
  /** Where in the element, e.g. `ingress[0]`, or `""` for a standalone rule. */
  readonly where: string;
  readonly cidrs: readonly string[];
  readonly protocol: string;
  readonly from?: number;
  readonly to?: number;
  /** The security group the permission belongs to, if it is in this stack. */
  readonly group?: PolicyElement;
}

/** Every ingress permission in the stack, computed once per context and shared by the rules. */
function ingresses(ctx: PolicyContext): readonly Ingress[] {
  return ctx.memo("network.ingresses", () => {
    const out: Ingress[] = [];
    for (const sg of ctx.resources("aws_security_group")) {
      objects(sg.config.ingress).forEach((b, i) => out.push(blockIngress(sg, `ingress[${i}]`, b, sg)));
    }
    for (const r of ctx.resources("aws_security_group_rule")) {
      if (r.config.type === "ingress")
        out.push(blockIngress(r, "", r.config, ctx.referenced(r.config.security_group_id)));
    }
    for (const r of ctx.resources("aws_vpc_security_group_ingress_rule")) {
      const c = r.config;
      out.push({
        el: r,
        where: "",
        cidrs: [c.cidr_ipv4, c.cidr_ipv6].filter((x): x is string => typeof x === "string"),
        protocol: text(c.ip_protocol),
        from: num(c.from_port),
        to: num(c.to_port),
        group: ctx.referenced(c.security_group_id),
      });
    }
    return out;
  });
}

/** A protocol as Terraform JSON gives it ("tcp", "-1" or -1); "" when absent. */
function text(value: unknown): string {
  return typeof value === "string" || typeof value === "number" ? String(value) : "";
}

function blockIngress(el: PolicyElement, where: string, b: Record<string, unknown>, group?: PolicyElement): Ingress {
  const cidrs = [...many(b.cidr_blocks), ...many(b.ipv6_cidr_blocks)].filter((x): x is string => typeof x === "string");
  return { el, where, cidrs, protocol: text(b.protocol), from: num(b.from_port), to: num(b.to_port), group };
}

function portText(i: Ingress): string {
  if (ALL_PROTOCOLS.has(i.protocol.toLowerCase())) return `protocol ${showOrAbsent(i.protocol)}`;
  const ports = i.from === i.to ? `${i.from}` : `${i.from}-${i.to}`;
  return `${i.protocol}/${ports}`;
}

function prefix(i: Ingress): string {
  return i.where ? `${i.where} ` : "ingress ";
}

function isMeshGatewayGroup(group: PolicyElement | undefined): boolean {
  const tags = one(group?.config.tags);
  return !!tags && tags[MESH_GATEWAY_TAG.key] === MESH_GATEWAY_TAG.value;
}

/**
 * The sources of each permission that open it to the internet, decided by coverage: a range wide
 * enough to admit the internet, or ranges that together cover it. Permissions of one group on the
 * same protocol and ports add up, so splitting 0.0.0.0/0 into two rules does not hide it.
 */
function openSources(all: readonly Ingress[]): Map<Ingress, { cidrs: readonly string[]; why: string }> {
  const out = new Map<Ingress, { cidrs: readonly string[]; why: string }>();
  const byTarget = new Map<string, Ingress[]>();
  for (const i of all) {
    const target = `${(i.group ?? i.el).construct.node.path}|${i.protocol}|${i.from}|${i.to}`;
    byTarget.set(target, [...(byTarget.get(target) ?? []), i]);
  }
  for (const same of byTarget.values()) {
    const together = openness(same.flatMap((x) => x.cidrs));
    for (const i of same) {
      const wide = i.cidrs.map((c) => [c, openness([c])] as const).filter(([, why]) => why !== undefined);
      if (wide.length) {
        // 0.0.0.0/0 speaks for itself; a merely wide range says why it counts as open.
        const why = wide
          .filter(([c]) => !/\/0$/.test(c))
          .map(([c, w]) => `${c} ${w}`)
          .join("; ");
        out.set(i, { cidrs: wide.map(([c]) => c), why: why ? ` (${why})` : "" });
      } else if (together && i.cidrs.length) {
        const others = same.filter((x) => x !== i && x.cidrs.length).map((x) => x.el.construct.node.path);
        const named =
          others.length > 3 ? `${others.slice(0, 3).join(", ")} and ${others.length - 3} more` : others.join(", ");
        const withOthers = others.length ? ` with ${named} on the same ports` : "";
        out.set(i, {
          cidrs: i.cidrs,
          why: ` (${withOthers ? "these sources" : "its sources"}${withOthers} ${together.replace(/^together /, "")})`,
        });
      }
    }
  }
  return out;
}

/** HM-NET-001: no ingress from the whole internet. */
export const noPublicIngress: PolicyRule = {
  id: "HM-NET-001",
  rationale:
    "Ingress from 0.0.0.0/0 or ::/0, or from ranges that together cover the internet, exposes the port to the whole internet.",
  fix: "restrict cidr_blocks to the on-prem egress CIDRs (or the VPC CIDR); a public mesh gateway needs allowPublicMeshGatewayPorts and the mesh-gateway tag",
  check(ctx) {
    const findings: Finding[] = [];
    const { allowPublicMeshGatewayPorts, meshGatewayPorts } = ctx.options;
    const open = ctx.memo("network.open", () => openSources(ingresses(ctx)));
    for (const i of ingresses(ctx)) {
      const hit = open.get(i);
      if (!hit) continue;
      const tcp = i.protocol === "tcp" || i.protocol === "6";
      const gatewayPort = tcp && i.from !== undefined && i.from === i.to && meshGatewayPorts.includes(i.from);
      if (allowPublicMeshGatewayPorts && gatewayPort && isMeshGatewayGroup(i.group)) continue;
      findings.push({
        construct: i.el.construct,
        found: `${prefix(i)}from ${hit.cidrs.join(", ")} on ${portText(i)}${hit.why}`,
      });
    }
    return findings;
  },
};

/** HM-NET-002: no ingress opening every port or protocol. */
export const noAllPortsIngress: PolicyRule = {
  id: "HM-NET-002",
  rationale: "An ingress rule for all ports or all protocols grants far more than any one service needs.",
  fix: "open only the ports the service listens on, with protocol tcp or udp",
  check(ctx) {
    const findings: Finding[] = [];
    for (const i of ingresses(ctx)) {
      const allProtocols = ALL_PROTOCOLS.has(i.protocol.toLowerCase());
      const allPorts = i.from !== undefined && i.to !== undefined && i.from <= 0 && i.to >= 65535;
      if (!allProtocols && !allPorts) continue;
      const what = allProtocols ? `protocol ${showOrAbsent(i.protocol)}` : `ports ${i.from}-${i.to}`;
      findings.push({
        construct: i.el.construct,
        found: `${prefix(i)}opens all traffic (${what}) from ${i.cidrs.join(", ") || "its sources"}`,
      });
    }
    return findings;
  },
};

/** HM-NET-003: security groups and their rules say why they exist. */
export const securityGroupDescriptions: PolicyRule = {
  id: "HM-NET-003",
  rationale: "A security group or rule without a description can't be reviewed or safely removed.",
  fix: 'set description to who talks to whom and why (e.g. "mesh gateway from on-prem egress")',
  check(ctx) {
    const findings: Finding[] = [];
    const missing = (el: PolicyElement, where: string, value: unknown) => {
      if (!isNonBlank(value))
        findings.push({ construct: el.construct, found: `${where}description is ${showOrAbsent(value)}` });
    };
    for (const sg of ctx.resources("aws_security_group")) {
      missing(sg, "", sg.config.description);
      for (const dir of ["ingress", "egress"] as const) {
        many(sg.config[dir]).forEach((b, i) => {
          if (isObject(b)) missing(sg, `${dir}[${i}] `, b.description);
        });
      }
    }
    for (const r of ctx.resources(
      "aws_security_group_rule",
      "aws_vpc_security_group_ingress_rule",
      "aws_vpc_security_group_egress_rule",
    )) {
      missing(r, "", r.config.description);
    }
    return findings;
  },
};

/** Network rules: security groups and their rules. */
export const NETWORK_RULES: readonly PolicyRule[] = [noPublicIngress, noAllPortsIngress, securityGroupDescriptions];

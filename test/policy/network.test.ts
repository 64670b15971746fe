import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { MESH_GATEWAY_TAG, NETWORK_RULES } from "../../constructs/policy";
import { evaluate, messagesOf } from "./fixtures";

const [NET1, NET2, NET3] = NETWORK_RULES;
const only = (rule: typeof NET1, extra = {}) => ({ rules: [rule], ...extra });

describe("HM-NET-001 no ingress from the internet", () => {
  it("passes ingress from a private CIDR", () => {
    const gate = evaluate((s) => {
      new SecurityGroup(s, "sg", {
        description: "web",
        ingress: [
          { fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["10.0.0.0/8"], description: "ssh from vpn" },
        ],
      });
    }, only(NET1));
    expect(gate.violations).toEqual([]);
  });

  it("flags 0.0.0.0/0 on an inline block, a security_group_rule and a vpc ingress rule", () => {
    const gate = evaluate((s) => {
      const sg = new SecurityGroup(s, "mesh-gateway-sg", {
        description: "gw",
        ingress: [{ fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], description: "ssh" }],
      });
      new SecurityGroupRule(s, "rule", {
        type: "ingress",
        fromPort: 80,
        toPort: 81,
        protocol: "tcp",
        ipv6CidrBlocks: ["::/0"],
        securityGroupId: sg.id,
        description: "http",
      });
      new VpcSecurityGroupIngressRule(s, "vpc-rule", {
        securityGroupId: sg.id,
        cidrIpv4: "0.0.0.0/0",
        fromPort: 8443,
        toPort: 8443,
        ipProtocol: "tcp",
        description: "gw",
      });
      new SecurityGroupRule(s, "egress", {
        type: "egress",
        fromPort: 0,
        toPort: 0,
        protocol: "-1",
        cidrBlocks: ["0.0.0.0/0"],
        securityGroupId: sg.id,
        description: "all out",
      });
    }, only(NET1));
    expect(messagesOf(gate, NET1)).toEqual([
      `[HM-NET-001] s/mesh-gateway-sg: ingress[0] from 0.0.0.0/0 on tcp/22 — fix: ${NET1.fix}`,
      `[HM-NET-001] s/rule: ingress from ::/0 on tcp/80-81 — fix: ${NET1.fix}`,
      `[HM-NET-001] s/vpc-rule: ingress from 0.0.0.0/0 on tcp/8443 — fix: ${NET1.fix}`,
    ]);
  });

  it("allows tcp 443/8443 to a tagged mesh gateway group only when the gate is told so", () => {
    const build = (s: Parameters<Parameters<typeof evaluate>[0]>[0]) => {
      const sg = new SecurityGroup(s, "gw", {
        description: "mesh gateway",
        tags: { [MESH_GATEWAY_TAG.key]: MESH_GATEWAY_TAG.value },
        ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: ["0.0.0.0/0"], description: "peers" }],
      });
      new VpcSecurityGroupIngressRule(s, "gw-8443", {
        securityGroupId: sg.id,
        cidrIpv4: "0.0.0.0/0",
        fromPort: 8443,
        toPort: 8443,
        ipProtocol: "tcp",
        description: "peers",
      });
      new VpcSecurityGroupIngressRule(s, "gw-22", {
        securityGroupId: sg.id,
        cidrIpv4: "0.0.0.0/0",
        fromPort: 22,
        toPort: 22,
        ipProtocol: "tcp",
        description: "ssh",
      });
      const untagged = new SecurityGroup(s, "other", { description: "other" });
      new VpcSecurityGroupIngressRule(s, "other-443", {
        securityGroupId: untagged.id,
        cidrIpv4: "0.0.0.0/0",
        fromPort: 443,
        toPort: 443,
        ipProtocol: "tcp",
        description: "web",
      });
    };
    expect(
      messagesOf(evaluate(build, only(NET1, { allowPublicMeshGatewayPorts: true })), NET1).map(
        (m) => m.split(" — ")[0],
      ),
    ).toEqual([
      "[HM-NET-001] s/gw-22: ingress from 0.0.0.0/0 on tcp/22",
      "[HM-NET-001] s/other-443: ingress from 0.0.0.0/0 on tcp/443",
    ]);
    expect(messagesOf(evaluate(build, only(NET1)), NET1)).toHaveLength(4);
  });
});

describe("HM-NET-002 no all-ports ingress", () => {
  it("passes a single-port rule and an all-traffic egress", () => {
    const gate = evaluate((s) => {
      new SecurityGroup(s, "sg", {
        description: "web",
        ingress: [
          { fromPort: 8080, toPort: 8080, protocol: "tcp", securityGroups: ["sg-cluster"], description: "webhook" },
        ],
        egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], description: "all out" }],
      });
    }, only(NET2));
    expect(gate.violations).toEqual([]);
  });

  it("flags protocol -1 and 0-65535", () => {
    const gate = evaluate((s) => {
      new SecurityGroup(s, "sg", {
        description: "x",
        ingress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["10.0.0.0/8"], description: "all" }],
      });
      new VpcSecurityGroupIngressRule(s, "wide", {
        securityGroupId: "sg-1",
        cidrIpv4: "10.1.0.0/16",
        fromPort: 0,
        toPort: 65535,
        ipProtocol: "tcp",
        description: "wide",
      });
    }, only(NET2));
    expect(messagesOf(gate, NET2)).toEqual([
      `[HM-NET-002] s/sg: ingress[0] opens all traffic (protocol "-1") from 10.0.0.0/8 — fix: ${NET2.fix}`,
      `[HM-NET-002] s/wide: ingress opens all traffic (ports 0-65535) from 10.1.0.0/16 — fix: ${NET2.fix}`,
    ]);
  });
});

describe("HM-NET-003 descriptions", () => {
  it("passes described groups and rules", () => {
    const gate = evaluate((s) => {
      new SecurityGroup(s, "sg", {
        description: "web",
        ingress: [{ fromPort: 1, toPort: 1, protocol: "tcp", description: "x" }],
      });
      new SecurityGroupRule(s, "r", {
        type: "ingress",
        fromPort: 1,
        toPort: 1,
        protocol: "tcp",
        securityGroupId: "sg-1",
        description: "y",
      });
    }, only(NET3));
    expect(gate.violations).toEqual([]);
  });

  it("flags a group, an inline block and a rule without one", () => {
    const gate = evaluate((s) => {
      new SecurityGroup(s, "sg", { egress: [{ fromPort: 1, toPort: 1, protocol: "tcp", description: " " }] });
      new SecurityGroupRule(s, "r", {
        type: "ingress",
        fromPort: 1,
        toPort: 1,
        protocol: "tcp",
        securityGroupId: "sg-1",
      });
    }, only(NET3));
    expect(messagesOf(gate, NET3).map((m) => m.split(" — ")[0])).toEqual([
      "[HM-NET-003] s/sg: description is absent",
      '[HM-NET-003] s/sg: egress[0] description is " "',
      "[HM-NET-003] s/r: description is absent",
    ]);
  });
});

describe("HM-NET-001 decides 'open' by coverage, not by spelling", () => {
  it("flags a range wide enough to admit the internet", () => {
    const gate = evaluate((s) => {
      new SecurityGroup(s, "sg", {
        description: "web",
        ingress: [
          { fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/1", "10.0.0.0/8"], description: "ssh" },
        ],
      });
      new SecurityGroupRule(s, "v6", {
        type: "ingress",
        fromPort: 22,
        toPort: 22,
        protocol: "tcp",
        ipv6CidrBlocks: ["2000::/3"],
        securityGroupId: "sg-1",
        description: "ssh",
      });
    }, only(NET1));
    expect(messagesOf(gate, NET1).map((m) => m.split(" — ")[0])).toEqual([
      "[HM-NET-001] s/sg: ingress[0] from 0.0.0.0/1 on tcp/22 (0.0.0.0/1 is wider than /8 and admits the internet, as open as 0.0.0.0/0)",
      "[HM-NET-001] s/v6: ingress from 2000::/3 on tcp/22 (2000::/3 is wider than /12 and admits the internet, as open as ::/0)",
    ]);
  });

  it("flags ranges that together cover every public address, within one rule and across rules of one group", () => {
    const halves = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);
    const gate = evaluate((s) => {
      new SecurityGroup(s, "one", {
        description: "web",
        ingress: [{ fromPort: 443, toPort: 443, protocol: "tcp", cidrBlocks: halves, description: "all /8s" }],
      });
      const sg = new SecurityGroup(s, "two", { description: "web" });
      halves.forEach(
        (c, i) =>
          new VpcSecurityGroupIngressRule(s, `r${i}`, {
            securityGroupId: sg.id,
            cidrIpv4: c,
            fromPort: 443,
            toPort: 443,
            ipProtocol: "tcp",
            description: "one /8",
          }),
      );
      // The same ranges on another port of the group are a different permission, and so is a private range.
      new VpcSecurityGroupIngressRule(s, "private", {
        securityGroupId: sg.id,
        cidrIpv4: "10.0.0.0/8",
        fromPort: 22,
        toPort: 22,
        ipProtocol: "tcp",
        description: "ssh",
      });
    }, only(NET1));
    const found = messagesOf(gate, NET1).map((m) => m.split(" — ")[0]);
    expect(found[0]).toBe(
      `[HM-NET-001] s/one: ingress[0] from ${halves.join(", ")} on tcp/443 (its sources cover every public IPv4 address, as open as 0.0.0.0/0)`,
    );
    expect(found).toHaveLength(257);
    expect(found[1]).toBe(
      "[HM-NET-001] s/r0: ingress from 0.0.0.0/8 on tcp/443 (these sources with s/r1, s/r2, s/r3 and 252 more on the same ports cover every public IPv4 address, as open as 0.0.0.0/0)",
    );
    expect(found.some((m) => m.includes("s/private"))).toBe(false);
  });

  it("passes public ranges that leave most of the internet out", () => {
    const gate = evaluate((s) => {
      new SecurityGroup(s, "sg", {
        description: "web",
        ingress: [
          {
            fromPort: 443,
            toPort: 443,
            protocol: "tcp",
            cidrBlocks: ["8.0.0.0/8", "203.0.113.0/24"],
            ipv6CidrBlocks: ["2001:db8::/32"],
            description: "partners",
          },
        ],
      });
    }, only(NET1));
    expect(gate.violations).toEqual([]);
  });
});

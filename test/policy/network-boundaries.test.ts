import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import type { TerraformStack } from "cdktf";
import { MESH_GATEWAY_TAG, NETWORK_RULES } from "../../constructs/policy";
import { evaluate, messagesOf } from "./fixtures";

// The network rules at each boundary: the mesh-gateway exemption, the all-ports range, every resource shape.
const [NET1, NET2, NET3] = NETWORK_RULES;
const found = (build: (s: TerraformStack) => void, rule: typeof NET1, extra = {}) =>
  messagesOf(evaluate(build, { rules: [rule], ...extra }), rule).map((m) => m.split(" — ")[0]);
const tagged = { [MESH_GATEWAY_TAG.key]: MESH_GATEWAY_TAG.value };

describe("HM-NET-001: the public mesh-gateway exemption", () => {
  const gateway =
    (tags: Record<string, string> | undefined, rule: { protocol: string; from: number; to: number }) =>
    (s: TerraformStack) => {
      const sg = new SecurityGroup(s, "gw", { description: "mesh gateway", tags });
      new VpcSecurityGroupIngressRule(s, "in", {
        securityGroupId: sg.id,
        cidrIpv4: "0.0.0.0/0",
        fromPort: rule.from,
        toPort: rule.to,
        ipProtocol: rule.protocol,
        description: "peers",
      });
    };
  const allowed = { allowPublicMeshGatewayPorts: true };

  it("exempts tcp (by name or number) on exactly one gateway port of a tagged group", () => {
    expect(found(gateway(tagged, { protocol: "tcp", from: 443, to: 443 }), NET1, allowed)).toEqual([]);
    expect(found(gateway(tagged, { protocol: "6", from: 8443, to: 8443 }), NET1, allowed)).toEqual([]);
  });
  it("does not exempt udp, a port range, another port, another tag value, or a group without tags", () => {
    expect(found(gateway(tagged, { protocol: "udp", from: 443, to: 443 }), NET1, allowed)).toEqual([
      "[HM-NET-001] s/in: ingress from 0.0.0.0/0 on udp/443",
    ]);
    expect(found(gateway(tagged, { protocol: "tcp", from: 443, to: 8443 }), NET1, allowed)).toEqual([
      "[HM-NET-001] s/in: ingress from 0.0.0.0/0 on tcp/443-8443",
    ]);
    expect(found(gateway(tagged, { protocol: "tcp", from: 444, to: 444 }), NET1, allowed)).toEqual([
      "[HM-NET-001] s/in: ingress from 0.0.0.0/0 on tcp/444",
    ]);
    expect(
      found(gateway({ [MESH_GATEWAY_TAG.key]: "ingress" }, { protocol: "tcp", from: 443, to: 443 }), NET1, allowed),
    ).toHaveLength(1);
    expect(
      found(gateway({ other: MESH_GATEWAY_TAG.value }, { protocol: "tcp", from: 443, to: 443 }), NET1, allowed),
    ).toHaveLength(1);
    expect(found(gateway(undefined, { protocol: "tcp", from: 443, to: 443 }), NET1, allowed)).toHaveLength(1);
  });
  it("does not exempt a rule whose group is outside the stack", () => {
    expect(
      found(
        (s) => {
          new VpcSecurityGroupIngressRule(s, "in", {
            securityGroupId: "sg-0123",
            cidrIpv4: "0.0.0.0/0",
            fromPort: 443,
            toPort: 443,
            ipProtocol: "tcp",
            description: "peers",
          });
        },
        NET1,
        allowed,
      ),
    ).toEqual(["[HM-NET-001] s/in: ingress from 0.0.0.0/0 on tcp/443"]);
  });
  it("takes the gateway ports from the gate's options", () => {
    // given
    const options = { ...allowed, meshGatewayPorts: [9443] };
    // when
    const onGatewayPort = found(gateway(tagged, { protocol: "tcp", from: 9443, to: 9443 }), NET1, options);
    const onOtherPort = found(gateway(tagged, { protocol: "tcp", from: 443, to: 443 }), NET1, options);
    // then
    expect(onGatewayPort).toEqual([]);
    expect(onOtherPort).toHaveLength(1);
  });
  it("finds the group of a security_group_rule through its security_group_id", () => {
    const build = (s: TerraformStack) => {
      const sg = new SecurityGroup(s, "gw", { description: "mesh gateway", tags: tagged });
      new SecurityGroupRule(s, "r", {
        type: "ingress",
        fromPort: 443,
        toPort: 443,
        protocol: "tcp",
        cidrBlocks: ["0.0.0.0/0"],
        securityGroupId: sg.id,
        description: "peers",
      });
    };
    expect(found(build, NET1, allowed)).toEqual([]);
    expect(found(build, NET1)).toEqual(["[HM-NET-001] s/r: ingress from 0.0.0.0/0 on tcp/443"]);
  });
});

describe("HM-NET-001: what it says", () => {
  it("names all-protocol rules by protocol and silences egress and private sources", () => {
    expect(
      found((s) => {
        new SecurityGroup(s, "sg", {
          description: "x",
          ingress: [
            { fromPort: 0, toPort: 0, protocol: "all", cidrBlocks: ["0.0.0.0/0"], description: "all" },
            { fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["10.0.0.0/8"], description: "private" },
          ],
          egress: [{ fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], description: "out" }],
        });
      }, NET1),
    ).toEqual(['[HM-NET-001] s/sg: ingress[0] from 0.0.0.0/0 on protocol "all"']);
  });
  it("explains each wide range of one block, and shows a missing protocol as empty", () => {
    expect(
      found((s) => {
        new SecurityGroup(s, "sg", {
          description: "x",
          ingress: [
            { fromPort: 22, toPort: 22, protocol: "tcp", cidrBlocks: ["0.0.0.0/1", "128.0.0.0/1"], description: "x" },
          ],
        });
        new VpcSecurityGroupIngressRule(s, "np", {
          securityGroupId: "sg-1",
          cidrIpv4: "0.0.0.0/0",
          fromPort: 22,
          toPort: 22,
          ipProtocol: undefined as never,
          description: "x",
        });
      }, NET1),
    ).toEqual([
      "[HM-NET-001] s/sg: ingress[0] from 0.0.0.0/1, 128.0.0.0/1 on tcp/22 (0.0.0.0/1 is wider than /8 and admits the internet, as open as 0.0.0.0/0; 128.0.0.0/1 is wider than /8 and admits the internet, as open as 0.0.0.0/0)",
      "[HM-NET-001] s/np: ingress from 0.0.0.0/0 on /22",
    ]);
  });
  it("adds up rules of one group on the same protocol and ports, naming up to three others", () => {
    const build = (n: number) => (s: TerraformStack) => {
      const sg = new SecurityGroup(s, "sg", { description: "x" });
      // The 256 /8s split across n rules of the group, each one too narrow to be open alone.
      const eights = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);
      const size = Math.ceil(256 / n);
      for (let k = 0; k < n; k++) {
        new VpcSecurityGroupIngressRule(s, `r${k}`, {
          securityGroupId: sg.id,
          cidrIpv4: undefined,
          fromPort: 22,
          toPort: 22,
          ipProtocol: "tcp",
          description: "x",
        });
        new SecurityGroupRule(s, `b${k}`, {
          type: "ingress",
          fromPort: 22,
          toPort: 22,
          protocol: "tcp",
          cidrBlocks: eights.slice(k * size, (k + 1) * size),
          securityGroupId: sg.id,
          description: "x",
        });
      }
    };
    const two = found(build(2), NET1);
    expect(two).toHaveLength(2);
    expect(two[0]).toMatch(
      /^\[HM-NET-001\] s\/b0: ingress from 0\.0\.0\.0\/8, .* on tcp\/22 \(these sources with s\/b1 on the same ports cover every public IPv4 address, as open as 0\.0\.0\.0\/0\)$/,
    );
    const four = found(build(4), NET1);
    expect(four[0]).toMatch(/\(these sources with s\/b1, s\/b2, s\/b3 on the same ports cover/);
    const five = found(build(5), NET1);
    expect(five[0]).toMatch(/\(these sources with s\/b1, s\/b2, s\/b3 and 1 more on the same ports cover/);
    // The sourceless vpc rules of the same group are not "others".
    expect(five.some((m) => m.includes("s/r0"))).toBe(false);
  });
  it("keeps permissions on other ports or protocols apart", () => {
    const eights = Array.from({ length: 256 }, (_, i) => `${i}.0.0.0/8`);
    expect(
      found((s) => {
        const sg = new SecurityGroup(s, "sg", { description: "x" });
        new SecurityGroupRule(s, "a", {
          type: "ingress",
          fromPort: 22,
          toPort: 22,
          protocol: "tcp",
          cidrBlocks: eights.slice(0, 128),
          securityGroupId: sg.id,
          description: "x",
        });
        new SecurityGroupRule(s, "b", {
          type: "ingress",
          fromPort: 22,
          toPort: 23,
          protocol: "tcp",
          cidrBlocks: eights.slice(128),
          securityGroupId: sg.id,
          description: "x",
        });
        new SecurityGroupRule(s, "c", {
          type: "ingress",
          fromPort: 22,
          toPort: 22,
          protocol: "udp",
          cidrBlocks: eights.slice(128),
          securityGroupId: sg.id,
          description: "x",
        });
        new SecurityGroupRule(s, "d", {
          type: "ingress",
          fromPort: 21,
          toPort: 22,
          protocol: "tcp",
          cidrBlocks: eights.slice(128),
          securityGroupId: sg.id,
          description: "x",
        });
      }, NET1),
    ).toEqual([]);
  });
});

describe("HM-NET-002: all ports or all protocols", () => {
  const rule = (protocol: string, from: number, to: number, cidr?: string) => (s: TerraformStack) => {
    new VpcSecurityGroupIngressRule(s, "r", {
      securityGroupId: "sg-1",
      cidrIpv4: cidr,
      fromPort: from,
      toPort: to,
      ipProtocol: protocol,
      description: "x",
    });
  };
  it("fires on 0-65535 and on protocol all or -1, in any case", () => {
    expect(found(rule("tcp", 0, 65535, "10.0.0.0/8"), NET2)).toEqual([
      "[HM-NET-002] s/r: ingress opens all traffic (ports 0-65535) from 10.0.0.0/8",
    ]);
    expect(found(rule("udp", 0, 65535), NET2)).toEqual([
      "[HM-NET-002] s/r: ingress opens all traffic (ports 0-65535) from its sources",
    ]);
    expect(found(rule("ALL", 0, 0), NET2)).toEqual([
      '[HM-NET-002] s/r: ingress opens all traffic (protocol "ALL") from its sources',
    ]);
  });
  it("stays silent one port short at either end", () => {
    expect(found(rule("tcp", 1, 65535), NET2)).toEqual([]);
    expect(found(rule("tcp", 0, 65534), NET2)).toEqual([]);
    expect(found(rule("tcp", 0, 1024), NET2)).toEqual([]);
  });
  it("reads inline blocks and security_group_rule ingress, not egress", () => {
    expect(
      found((s) => {
        new SecurityGroupRule(s, "in", {
          type: "ingress",
          fromPort: 0,
          toPort: 65535,
          protocol: "tcp",
          cidrBlocks: ["10.0.0.0/8"],
          ipv6CidrBlocks: ["fd00::/8"],
          securityGroupId: "sg-1",
          description: "x",
        });
        new SecurityGroupRule(s, "out", {
          type: "egress",
          fromPort: 0,
          toPort: 65535,
          protocol: "tcp",
          cidrBlocks: ["10.0.0.0/8"],
          securityGroupId: "sg-1",
          description: "x",
        });
      }, NET2),
    ).toEqual(["[HM-NET-002] s/in: ingress opens all traffic (ports 0-65535) from 10.0.0.0/8, fd00::/8"]);
  });
});

describe("HM-NET-003: descriptions on every shape", () => {
  it("flags the standalone vpc ingress and egress rules and an ingress block, and not described ones", () => {
    expect(
      found((s) => {
        new SecurityGroup(s, "sg", {
          description: "ok",
          ingress: [{ fromPort: 1, toPort: 1, protocol: "tcp" }],
          egress: [{ fromPort: 1, toPort: 1, protocol: "tcp", description: "ok" }],
        });
        new VpcSecurityGroupIngressRule(s, "in", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 1,
          toPort: 1,
        });
        new VpcSecurityGroupEgressRule(s, "out", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 1,
          toPort: 1,
          description: "",
        });
        new VpcSecurityGroupEgressRule(s, "ok", {
          securityGroupId: "sg-1",
          ipProtocol: "tcp",
          fromPort: 1,
          toPort: 1,
          description: "fine",
        });
      }, NET3),
    ).toEqual([
      // An unset attribute of an inline block synthesizes as null.
      "[HM-NET-003] s/sg: ingress[0] description is null",
      "[HM-NET-003] s/in: description is absent",
      '[HM-NET-003] s/out: description is ""',
    ]);
  });
});

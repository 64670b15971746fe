import { TerraformStack } from "cdktf";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { Release } from "@cdktf/provider-helm/lib/release";
import { CONSUL_RULES, releaseValues } from "../../constructs/policy";
import { consulRelease, evaluate, meshGatewayPdb, messagesOf } from "./fixtures";
import { must } from "../support";

const found = (gate: ReturnType<typeof evaluate>, id: string) =>
  messagesOf(gate, id).map((m) => m.split(" — fix: ")[0]);
const eks = (s: TerraformStack) => new DataAwsEksCluster(s, "cluster", { name: "cloud" });
const rules = { rules: CONSUL_RULES };

/** Evaluates a consul release (good base values + overlay) in an EKS stack. */
function withOverlay(overlay: object[], set: { name: string; value: string }[] = [], onEks = true) {
  return evaluate((s) => {
    if (onEks) eks(s);
    consulRelease(s, overlay, set);
  }, rules);
}

describe("consul Helm values rules", () => {
  it("the secure values pass every HM-CON rule on EKS", () => {
    expect(withOverlay([]).violations).toEqual([]);
  });

  it("merges values documents in order, then set entries with Helm typing", () => {
    // Reach the parsed values through a one-off rule, as other packs do.
    let values: unknown;
    evaluate(
      (s) =>
        void consulRelease(
          s,
          [{ server: { replicas: 1 } }],
          [
            { name: "server.replicas", value: "5" },
            { name: "a\\.b[1].c", value: "x" },
          ],
        ),
      {
        rules: [
          {
            id: "T-1",
            rationale: "",
            fix: "",
            check: (ctx) => ((values = releaseValues(ctx, ctx.resources("helm_release")[0]).values), []),
          },
        ],
      },
    );
    expect(values).toMatchObject({ server: { replicas: 5 }, "a.b": [undefined, { c: "x" }] });
  });

  const cases: [string, object[], { name: string; value: string }[], string[]][] = [
    [
      "HM-CON-001",
      [{ global: { tls: { enabled: false, verify: false } } }],
      [{ name: "global.tls.httpsOnly", value: "false" }],
      [
        "[HM-CON-001] s/consul: global.tls.enabled is false",
        "[HM-CON-001] s/consul: global.tls.verify is false",
        "[HM-CON-001] s/consul: global.tls.httpsOnly is false",
      ],
    ],
    [
      "HM-CON-002",
      [{ global: { acls: { manageSystemACLs: false } } }],
      [],
      ["[HM-CON-002] s/consul: global.acls.manageSystemACLs is false"],
    ],
    [
      "HM-CON-003",
      [{ global: { gossipEncryption: null } }],
      [],
      ["[HM-CON-003] s/consul: global.gossipEncryption is absent"],
    ],
    [
      "HM-CON-004",
      [{ global: { peering: { enabled: false } }, meshGateway: { enabled: false } }],
      [],
      ["[HM-CON-004] s/consul: global.peering.enabled is false", "[HM-CON-004] s/consul: meshGateway.enabled is false"],
    ],
    [
      "HM-CON-005",
      [{ ui: { service: { type: "LoadBalancer" }, ingress: { enabled: true } } }],
      [],
      ['[HM-CON-005] s/consul: ui.service.type is "LoadBalancer"', "[HM-CON-005] s/consul: ui.ingress.enabled is true"],
    ],
    [
      "HM-CON-006",
      [
        {
          server: { exposeService: { enabled: "-" }, exposeGossipAndRPCPorts: true },
          global: { adminPartitions: { enabled: true } },
        },
      ],
      [],
      [
        '[HM-CON-006] s/consul: server.exposeService.enabled is "-" (global.adminPartitions.enabled is true)',
        "[HM-CON-006] s/consul: server.exposeGossipAndRPCPorts is true",
      ],
    ],
    [
      "HM-CON-007",
      [{ connectInject: { cni: { enabled: false } } }],
      [],
      ["[HM-CON-007] s/consul: connectInject.cni.enabled is false"],
    ],
    [
      "HM-CON-008",
      [],
      [{ name: "server.replicas", value: "1" }],
      ["[HM-CON-008] s/consul: server.replicas is 1 (chart default 1) on EKS"],
    ],
    [
      "HM-CON-009",
      [{ meshGateway: { replicas: null } }],
      [],
      ["[HM-CON-009] s/consul: meshGateway.replicas is absent (chart default 1) on EKS"],
    ],
    [
      "HM-CON-010",
      [{ meshGateway: { service: { additionalSpec: null, loadBalancerSourceRanges: ["10.0.0.0/8"] } } }],
      [],
      [
        '[HM-CON-010] s/consul: meshGateway.service.type is "LoadBalancer" with loadBalancerSourceRanges [] in additionalSpec (meshGateway.service.loadBalancerSourceRanges ["10.0.0.0/8"] is not a chart value and is ignored)',
      ],
    ],
  ];
  it.each(cases)("%s flags its failing values", (id, overlay, set, expected) => {
    const gate = withOverlay(overlay, set);
    expect(found(gate, id)).toEqual(expected);
    expect(gate.violations.map((v) => v.ruleId)).toEqual(expected.map(() => id)); // and nothing else
  });

  it("HM-CON-010 also flags 0.0.0.0/0 in the source ranges; the EKS-only rules skip kind", () => {
    const open = withOverlay([
      { meshGateway: { service: { additionalSpec: "loadBalancerSourceRanges: [0.0.0.0/0]" } } },
    ]);
    expect(found(open, "HM-CON-010")).toEqual([
      '[HM-CON-010] s/consul: meshGateway.service.type is "LoadBalancer" with loadBalancerSourceRanges ["0.0.0.0/0"] in additionalSpec',
    ]);
    const kind = withOverlay(
      [{ server: { replicas: 1 }, meshGateway: { replicas: 1, service: { type: "NodePort", additionalSpec: null } } }],
      [],
      false,
    );
    expect(kind.violations).toEqual([]);
  });

  it("HM-CON-011 wants a mesh-gateway PDB in the release's stack", () => {
    const gate = evaluate((s) => {
      meshGatewayPdb(s, "server");
      consulRelease(s, [], [], false);
    }, rules);
    expect(messagesOf(gate, "HM-CON-011")).toEqual([
      `[HM-CON-011] s/consul: no PodDisruptionBudget selecting component=mesh-gateway in this stack — fix: ${must(CONSUL_RULES.find((r) => r.id === "HM-CON-011")).fix}`,
    ]);
  });

  it("HM-CON-012 flags values it can't read, and the other rules stay quiet about them", () => {
    const gate = evaluate((s) => {
      meshGatewayPdb(s);
      new Release(s, "consul", {
        name: "consul",
        chart: "hashicorp/consul",
        values: ['${file("values.yaml")}', "a: [1"],
      });
    }, rules);
    expect(found(gate, "HM-CON-012")).toEqual([
      '[HM-CON-012] s/consul: values[0] is "${file(\\"values.yaml\\")}", not a YAML map',
      expect.stringMatching(/^\[HM-CON-012\] s\/consul: values\[1\] is not YAML \(/),
    ]);
    expect(gate.violations.every((v) => v.ruleId === "HM-CON-012")).toBe(true);
  });

  it("ignores helm releases of other charts", () => {
    // given
    const otherChart = { name: "redis", chart: "redis", values: ["a: 1"] };
    // when
    const gate = evaluate((s) => {
      new Release(s, "redis", otherChart);
    }, rules);
    // then
    expect(gate.violations).toEqual([]);
  });
});

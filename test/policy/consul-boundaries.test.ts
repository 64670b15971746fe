import { TerraformStack } from "cdktf";
import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { PodDisruptionBudget } from "@cdktf/provider-kubernetes/lib/pod-disruption-budget";
import {
  PodDisruptionBudgetV1,
  type PodDisruptionBudgetV1SpecSelector,
} from "@cdktf/provider-kubernetes/lib/pod-disruption-budget-v1";
import { CONSUL_RULES } from "../../constructs/policy";
import { consulRelease, evaluate, meshGatewayPdb, messagesOf } from "./fixtures";

// The consul values rules at each boundary: the accepted spellings, the defaults, the EKS-only scope.
const found = (
  id: string,
  overlay: object[],
  opts: { eks?: "data" | "resource" | false; set?: { name: string; value: string }[] } = {},
) =>
  messagesOf(
    evaluate(
      (s: TerraformStack) => {
        if (opts.eks === "resource")
          new EksCluster(s, "cluster", {
            name: "cloud",
            roleArn: "arn:aws:iam::1:role/eks",
            vpcConfig: { subnetIds: ["a"] },
          });
        else if (opts.eks !== false) new DataAwsEksCluster(s, "cluster", { name: "cloud" });
        consulRelease(s, overlay, opts.set ?? []);
      },
      { rules: CONSUL_RULES.filter((r) => r.id === id) },
    ),
    id,
  ).map((m) => m.split(" — fix: ")[0]);

describe("HM-CON-001 TLS", () => {
  it("accepts verify and httpsOnly true or unset, and the string true from a set entry", () => {
    expect(found("HM-CON-001", [{ global: { tls: { enabled: true, verify: true, httpsOnly: true } } }])).toEqual([]);
    expect(found("HM-CON-001", [], { set: [{ name: "global.tls.enabled", value: "true" }] })).toEqual([]);
    expect(found("HM-CON-001", [{ global: { tls: { enabled: "sometimes" } } }])).toEqual([
      '[HM-CON-001] s/consul: global.tls.enabled is "sometimes"',
    ]);
  });
});

describe("HM-CON-003 gossip encryption", () => {
  it("accepts autoGenerate, or a secret name and key together", () => {
    expect(
      found("HM-CON-003", [{ global: { gossipEncryption: { autoGenerate: false, secretName: "g", secretKey: "k" } } }]),
    ).toEqual([]);
    expect(found("HM-CON-003", [{ global: { gossipEncryption: { autoGenerate: false, secretName: "g" } } }])).toEqual([
      '[HM-CON-003] s/consul: global.gossipEncryption is {"autoGenerate":false,"secretName":"g"}',
    ]);
    expect(
      found("HM-CON-003", [{ global: { gossipEncryption: { autoGenerate: false, secretName: " ", secretKey: "k" } } }]),
    ).toHaveLength(1);
    expect(
      found("HM-CON-003", [{ global: { gossipEncryption: { autoGenerate: false, secretKey: "k" } } }]),
    ).toHaveLength(1);
  });
});

describe("HM-CON-005 UI", () => {
  it("is silent when the UI is off, or ClusterIP without ingress", () => {
    // given
    const uiOff = { ui: { enabled: false, service: { type: "LoadBalancer" }, ingress: { enabled: true } } };
    const clusterIp = { ui: { service: { type: "ClusterIP" }, ingress: { enabled: false } } };
    // when
    const [offFound, clusterIpFound] = [found("HM-CON-005", [uiOff]), found("HM-CON-005", [clusterIp])];
    // then
    expect(offFound).toEqual([]);
    expect(clusterIpFound).toEqual([]);
  });
  it("flags NodePort too", () => {
    // when
    const nodePort = found("HM-CON-005", [{ ui: { service: { type: "NodePort" } } }]);
    // then
    expect(nodePort).toEqual(['[HM-CON-005] s/consul: ui.service.type is "NodePort"']);
  });
});

describe("HM-CON-006 servers not exposed", () => {
  it("follows the '-' default and the unset value to adminPartitions, and an explicit false wins", () => {
    expect(found("HM-CON-006", [{ global: { adminPartitions: { enabled: true } } }])).toEqual([
      "[HM-CON-006] s/consul: server.exposeService.enabled is absent (global.adminPartitions.enabled is true)",
    ]);
    expect(
      found("HM-CON-006", [
        { server: { exposeService: { enabled: false } }, global: { adminPartitions: { enabled: true } } },
      ]),
    ).toEqual([]);
    expect(found("HM-CON-006", [{ server: { exposeService: { enabled: "-" } } }])).toEqual([]);
    expect(found("HM-CON-006", [{ server: { exposeService: { enabled: true } } }])).toEqual([
      "[HM-CON-006] s/consul: server.exposeService.enabled is true (global.adminPartitions.enabled is absent)",
    ]);
  });
});

describe("HM-CON-008/009 replicas on EKS", () => {
  it("draws the line at 3 servers and 2 gateways, on an EKS resource or data source", () => {
    expect(found("HM-CON-008", [{ server: { replicas: 3 } }])).toEqual([]);
    expect(found("HM-CON-008", [{ server: { replicas: 2 } }], { eks: "resource" })).toEqual([
      "[HM-CON-008] s/consul: server.replicas is 2 (chart default 1) on EKS",
    ]);
    expect(found("HM-CON-008", [{ server: { replicas: null } }])).toEqual([
      "[HM-CON-008] s/consul: server.replicas is absent (chart default 1) on EKS",
    ]);
    expect(found("HM-CON-009", [{ meshGateway: { replicas: 2 } }], { eks: "resource" })).toEqual([]);
    expect(found("HM-CON-009", [{ meshGateway: { replicas: 1 } }])).toEqual([
      "[HM-CON-009] s/consul: meshGateway.replicas is 1 (chart default 1) on EKS",
    ]);
    expect(found("HM-CON-009", [{ meshGateway: { replicas: 1 } }], { eks: false })).toEqual([]);
  });
});

describe("HM-CON-010 gateway source ranges", () => {
  const lb = (service: object) => found("HM-CON-010", [{ meshGateway: { service } }]);
  it("takes additionalSpec as YAML text or as a map, and defaults the type to LoadBalancer", () => {
    expect(lb({ type: null, additionalSpec: { loadBalancerSourceRanges: ["198.51.100.0/24"] } })).toEqual([]);
    expect(lb({ type: null, additionalSpec: "{}" })).toEqual([
      '[HM-CON-010] s/consul: meshGateway.service.type is "LoadBalancer" with loadBalancerSourceRanges [] in additionalSpec',
    ]);
    expect(lb({ type: "ClusterIP", additionalSpec: null })).toEqual([]);
  });
  it("refuses additionalSpec that is not YAML, and ranges that together are the internet", () => {
    // when
    const notYaml = lb({ additionalSpec: "a: [1" });
    const halves = lb({ additionalSpec: "loadBalancerSourceRanges: [0.0.0.0/1, 128.0.0.0/1]" });
    // then
    expect(notYaml).toEqual(['[HM-CON-010] s/consul: meshGateway.service.additionalSpec is not YAML: "a: [1"']);
    expect(halves).toHaveLength(1);
  });
});

describe("HM-CON-011 gateway PDB", () => {
  it("is silent without a consul release, and accepts the PDB in the same stack", () => {
    // when
    const pdbOnly = messagesOf(
      evaluate((s) => void meshGatewayPdb(s, "server"), { rules: CONSUL_RULES }),
      "HM-CON-011",
    );
    const releaseWithPdb = found("HM-CON-011", []);
    // then
    expect(pdbOnly).toEqual([]);
    expect(releaseWithPdb).toEqual([]);
  });

  // One release, no PDB of its own; `pdbs` adds the stack's budgets.
  const gatewayPdb = (pdbs: (s: TerraformStack) => void) =>
    messagesOf(
      evaluate(
        (s) => {
          consulRelease(s, [], [], false);
          pdbs(s);
        },
        { rules: CONSUL_RULES },
      ),
      "HM-CON-011",
    ).map((m) => m.split(" — fix: ")[0]);
  const NONE = "[HM-CON-011] s/consul: no PodDisruptionBudget selecting component=mesh-gateway in this stack";

  it("accepts a mesh-gateway PDB among others, and the older kubernetes_pod_disruption_budget", () => {
    // when
    const amongOthers = gatewayPdb((s) => {
      meshGatewayPdb(s, "server");
      meshGatewayPdb(s);
    });
    const older = gatewayPdb((s) => {
      new PodDisruptionBudget(s, "old", {
        metadata: { name: "gw" },
        spec: { maxUnavailable: "1", selector: { matchLabels: { component: "mesh-gateway" } } },
      });
    });
    // then
    expect(amongOthers).toEqual([]);
    expect(older).toEqual([]);
  });

  /** One PDB in the release's stack with this selector. */
  const withSelector = (selector: PodDisruptionBudgetV1SpecSelector) =>
    gatewayPdb((s) => {
      new PodDisruptionBudgetV1(s, "pdb", { metadata: { name: "gw" }, spec: { maxUnavailable: "1", selector } });
    });
  const expr = (key: string, operator: string, values?: string[]) => ({ key, operator, values });

  it("reports a release whose stack has no PDB", () => {
    // when
    const none = gatewayPdb(() => undefined);
    // then
    expect(none).toEqual([NONE]);
  });

  it("accepts a selector pinning component to mesh-gateway by an In expression, alone or beside other keys", () => {
    // when
    const inOnly = withSelector({ matchExpressions: [expr("component", "In", ["mesh-gateway"])] });
    const withOthers = withSelector({
      matchLabels: { app: "consul" },
      matchExpressions: [expr("release", "Exists"), expr("component", "In", ["mesh-gateway"])],
    });
    const labelAndExpr = withSelector({
      matchLabels: { component: "mesh-gateway" },
      matchExpressions: [expr("component", "NotIn", ["server"]), expr("component", "Exists")],
    });
    const narrowed = withSelector({
      matchExpressions: [expr("component", "In", ["mesh-gateway", "server"]), expr("component", "NotIn", ["server"])],
    });
    // then
    expect(inOnly).toEqual([]);
    expect(withOthers).toEqual([]);
    expect(labelAndExpr).toEqual([]);
    expect(narrowed).toEqual([]);
  });

  it("reports selectors that take other pods too, or that leave the gateway's pods out", () => {
    // when
    const results = [
      withSelector({ matchExpressions: [expr("component", "In", ["mesh-gateway", "server"])] }),
      withSelector({ matchExpressions: [expr("component", "In", [])] }),
      withSelector({ matchExpressions: [expr("component", "NotIn", ["server"])] }),
      withSelector({ matchExpressions: [expr("component", "Exists")] }),
      withSelector({ matchExpressions: [expr("component", "In", ["mesh-gateway"]), expr("component", "Equals")] }),
      withSelector({ matchExpressions: [expr("app", "In", ["mesh-gateway"])] }),
      withSelector({ matchLabels: { component: "server" } }),
      withSelector({
        matchLabels: { component: "server" },
        matchExpressions: [expr("component", "In", ["mesh-gateway"])],
      }),
      withSelector({
        matchLabels: { component: "mesh-gateway" },
        matchExpressions: [expr("component", "NotIn", ["mesh-gateway"])],
      }),
      withSelector({
        matchLabels: { component: "mesh-gateway" },
        matchExpressions: [expr("component", "DoesNotExist")],
      }),
      withSelector({
        matchLabels: { component: "mesh-gateway" },
        matchExpressions: [expr("component", "In", ["server"])],
      }),
    ];
    // then
    expect(results).toEqual(results.map(() => [NONE]));
  });
});

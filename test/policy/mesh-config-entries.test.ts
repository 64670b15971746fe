/** The mesh rules read consul_config_entry (a VM datacenter's entries) as they read Consul CRDs. */
import { TerraformStack } from "cdktf";
import { ConfigEntry } from "@cdktf/provider-consul/lib/config-entry";
import { ConsulProvider } from "@cdktf/provider-consul/lib/provider";
import { MESH_RULES } from "../../constructs/policy";
import { Mesh } from "../../constructs/mesh";
import { ServiceIntentions } from "../../constructs/service-intentions";
import { consulCr, evaluate, messagesOf } from "./fixtures";
import { must } from "../support";

const rules = { rules: MESH_RULES };
const fix = (id: string) =>
  must(
    MESH_RULES.find((r) => r.id === id),
    `rule ${id}`,
  ).fix;
/** The stack's one Consul provider. */
const consul = (s: TerraformStack) =>
  (s.node.tryFindChild("consul") as ConsulProvider | undefined) ??
  new ConsulProvider(s, "consul", { address: "consul-1:8501" });
const entry = (s: TerraformStack, id: string, kind: string, name: string, body: object) =>
  new ConfigEntry(s, id, { provider: consul(s), kind, name, configJson: JSON.stringify(body) });

describe("mesh rules on consul_config_entry", () => {
  it("HM-MESH-001 passes when the stack holds a default-deny service-intentions entry (as the constructs render it)", () => {
    const gate = evaluate((s) => {
      const provider = consul(s);
      ServiceIntentions.defaultDeny(s, "deny", { provider });
      new ServiceIntentions(s, "b", { provider, destination: "b", sources: [{ name: "a", action: "allow" }] });
      new Mesh(s, "mesh", { provider });
    }, rules);
    expect(gate.violations).toEqual([]);
  });

  it("HM-MESH-001 fails when the entries have no default deny", () => {
    const gate = evaluate((s) => {
      const provider = consul(s);
      new ServiceIntentions(s, "b", { provider, destination: "b", sources: [{ name: "a", action: "allow" }] });
      new Mesh(s, "mesh", { provider });
    }, rules);
    expect(messagesOf(gate, "HM-MESH-001")).toEqual([
      `[HM-MESH-001] s: 2 Consul resource(s) but no default-deny ServiceIntentions (destination "*", source "*" deny) — fix: ${fix("HM-MESH-001")}`,
    ]);
  });

  it("HM-MESH-001: a deny on a named destination, or an allow from *, is no default deny", () => {
    for (const [name, body] of [
      ["b", { Sources: [{ Name: "*", Action: "deny" }] }],
      ["*", { Sources: [{ Name: "*", Action: "allow" }] }],
    ] as const) {
      const gate = evaluate((s) => void entry(s, "i", "service-intentions", name, body), rules);
      expect(messagesOf(gate, "HM-MESH-001")).toHaveLength(1);
    }
  });

  it("HM-MESH-001: a VM stack's default-deny entry covers a PeeringAcceptor CR of the acceptor cluster in the same stack", () => {
    const gate = evaluate((s) => {
      consulCr(s, "cloud-acceptor", "PeeringAcceptor", {
        peer: { secret: { name: "t", key: "data", backend: "kubernetes" } },
      });
      ServiceIntentions.defaultDeny(s, "deny", { provider: consul(s) });
    }, rules);
    expect(gate.violations).toEqual([]);
    const without = evaluate((s) => void consulCr(s, "cloud-acceptor", "PeeringAcceptor", {}), rules);
    expect(messagesOf(without, "HM-MESH-001")).toHaveLength(1);
  });

  it("HM-MESH-002 flags an allow from source * in an entry, naming the destination", () => {
    const gate = evaluate((s) => {
      ServiceIntentions.defaultDeny(s, "deny", { provider: consul(s) });
      entry(s, "api", "service-intentions", "api", { Sources: [{ Name: "*", Peer: "onprem", Action: "allow" }] });
    }, rules);
    expect(messagesOf(gate, "HM-MESH-002")).toEqual([
      `[HM-MESH-002] s/api: ServiceIntentions "api" sources[0] allows name "*" (peer "onprem") to "api" — fix: ${fix("HM-MESH-002")}`,
    ]);
  });

  it("HM-MESH-003 flags a mesh entry that does not peer through the gateways", () => {
    const gate = evaluate((s) => {
      ServiceIntentions.defaultDeny(s, "deny", { provider: consul(s) });
      new Mesh(s, "mesh", { provider: consul(s), peerThroughMeshGateways: false });
    }, rules);
    expect(messagesOf(gate, "HM-MESH-003")).toEqual([
      `[HM-MESH-003] s/mesh/Resource: Mesh "mesh" spec.peering.peerThroughMeshGateways is false — fix: ${fix("HM-MESH-003")}`,
    ]);
  });

  it("reads a config_json Terraform computes (not JSON) as an empty spec, without throwing", () => {
    const gate = evaluate((s) => {
      new ConfigEntry(s, "m", {
        provider: consul(s),
        kind: "mesh",
        name: "mesh",
        configJson: "${jsonencode(var.mesh)}",
      });
    }, rules);
    expect(messagesOf(gate, "HM-MESH-003").length + messagesOf(gate, "HM-MESH-001").length).toBe(2);
  });
});

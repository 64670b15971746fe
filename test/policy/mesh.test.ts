import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { MESH_RULES } from "../../constructs/policy";
import { consulCr, DEFAULT_DENY, evaluate, messagesOf } from "./fixtures";
import { must } from "../support";

const rules = { rules: MESH_RULES };
const fix = (id: string) => must(MESH_RULES.find((r) => r.id === id)).fix;

describe("mesh (Consul CRD) rules", () => {
  it("a default-deny, named allows and a gateway-peered Mesh pass", () => {
    const gate = evaluate((s) => {
      consulCr(s, "deny-all", "ServiceIntentions", DEFAULT_DENY);
      consulCr(s, "api", "ServiceIntentions", {
        destination: { name: "api" },
        sources: [{ name: "web", peer: "onprem", action: "allow" }],
      });
      consulCr(s, "mesh", "Mesh", { peering: { peerThroughMeshGateways: true } });
    }, rules);
    expect(gate.violations).toEqual([]);
  });

  it("HM-MESH-001 flags a stack with Consul CRs but no default deny", () => {
    const gate = evaluate(
      (s) =>
        void consulCr(s, "api", "ServiceIntentions", {
          destination: { name: "api" },
          sources: [{ name: "web", action: "allow" }],
        }),
      rules,
    );
    expect(messagesOf(gate, "HM-MESH-001")).toEqual([
      `[HM-MESH-001] s: 1 Consul resource(s) but no default-deny ServiceIntentions (destination "*", source "*" deny) — fix: ${fix("HM-MESH-001")}`,
    ]);
  });

  it("HM-MESH-002 flags an allow from source * (action or permission)", () => {
    const gate = evaluate((s) => {
      consulCr(s, "deny-all", "ServiceIntentions", DEFAULT_DENY);
      consulCr(s, "api", "ServiceIntentions", {
        destination: { name: "api" },
        sources: [
          { name: "web", action: "allow" },
          { name: "*", peer: "onprem", action: "allow" },
        ],
      });
      consulCr(s, "db", "ServiceIntentions", {
        destination: { name: "db" },
        sources: [{ name: "*", permissions: [{ action: "allow", http: { pathPrefix: "/" } }] }],
      });
    }, rules);
    expect(messagesOf(gate, "HM-MESH-002")).toEqual([
      `[HM-MESH-002] s/api: ServiceIntentions "api" sources[1] allows name "*" (peer "onprem") to "api" — fix: ${fix("HM-MESH-002")}`,
      `[HM-MESH-002] s/db: ServiceIntentions "db" sources[0] allows name "*" to "db" — fix: ${fix("HM-MESH-002")}`,
    ]);
  });

  it("HM-MESH-003 flags a Mesh without peerThroughMeshGateways", () => {
    const gate = evaluate((s) => {
      consulCr(s, "deny-all", "ServiceIntentions", DEFAULT_DENY);
      consulCr(s, "mesh", "Mesh", { peering: { peerThroughMeshGateways: false } });
    }, rules);
    expect(messagesOf(gate, "HM-MESH-003")).toEqual([
      `[HM-MESH-003] s/mesh: Mesh "mesh" spec.peering.peerThroughMeshGateways is false — fix: ${fix("HM-MESH-003")}`,
    ]);
  });

  it("ignores manifests of other API groups", () => {
    const gate = evaluate((s) => {
      new Manifest(s, "cm", {
        manifest: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "apps" }, data: { a: "b" } },
      });
    }, rules);
    expect(gate.violations).toEqual([]);
  });
});

import type { TerraformStack } from "cdktf";
import { MESH_RULES } from "../../constructs/policy";
import { consulCr, DEFAULT_DENY, evaluate, messagesOf } from "./fixtures";

// The mesh rules at each boundary: what counts as a default deny, what counts as an allow from "*".
const [MESH1, MESH2, MESH3] = MESH_RULES;
const found = (build: (s: TerraformStack) => void, rule: typeof MESH1) =>
  messagesOf(evaluate(build, { rules: [rule] }), rule).map((m) => m.split(" — ")[0]);

describe("HM-MESH-001 default deny", () => {
  const noDeny =
    '[HM-MESH-001] s: 2 Consul resource(s) but no default-deny ServiceIntentions (destination "*", source "*" deny)';
  it("is silent for a stack without Consul resources", () => {
    expect(found(() => undefined, MESH1)).toEqual([]);
  });
  it("needs destination *, a source * and action deny, all three, in a ServiceIntentions", () => {
    const with2 = (spec: object, kind = "ServiceIntentions") =>
      found((s) => {
        consulCr(s, "x", kind, spec);
        consulCr(s, "mesh", "Mesh", {});
      }, MESH1);
    expect(with2(DEFAULT_DENY)).toEqual([]);
    expect(
      with2({
        destination: { name: "*" },
        sources: [
          { name: "web", action: "allow" },
          { name: "*", action: "deny" },
        ],
      }),
    ).toEqual([]);
    expect(with2({ destination: { name: "api" }, sources: [{ name: "*", action: "deny" }] })).toEqual([noDeny]);
    expect(with2({ destination: { name: "*" }, sources: [{ name: "web", action: "deny" }] })).toEqual([noDeny]);
    expect(with2({ destination: { name: "*" }, sources: [{ name: "*", action: "allow" }] })).toEqual([noDeny]);
    expect(with2({ destination: { name: "*" } })).toEqual([noDeny]);
    expect(with2(DEFAULT_DENY, "ServiceDefaults")).toEqual([noDeny]);
  });
});

describe("HM-MESH-002 no allow from *", () => {
  const one = (source: object) =>
    found((s) => consulCr(s, "api", "ServiceIntentions", { destination: { name: "api" }, sources: [source] }), MESH2);
  it("is silent for a deny from *, a named allow, and * with only deny permissions", () => {
    expect(one({ name: "*", action: "deny" })).toEqual([]);
    expect(one({ name: "web", action: "allow" })).toEqual([]);
    expect(one({ name: "*", permissions: [{ action: "deny", http: { pathPrefix: "/" } }] })).toEqual([]);
    expect(one({ name: "*" })).toEqual([]);
  });
  it("flags * allowed by action or by any one permission", () => {
    // given
    const expected = ['[HM-MESH-002] s/api: ServiceIntentions "api" sources[0] allows name "*" to "api"'];
    // when
    const byAction = one({ name: "*", action: "allow" });
    const byPermission = one({ name: "*", permissions: [{ action: "deny" }, { action: "allow" }] });
    // then
    expect(byAction).toEqual(expected);
    expect(byPermission).toEqual(expected);
  });
});

describe("HM-MESH-003 peering through mesh gateways", () => {
  const mesh = (spec: object) => found((s) => consulCr(s, "mesh", "Mesh", spec), MESH3);
  it("accepts true or the string true, and nothing else", () => {
    expect(mesh({ peering: { peerThroughMeshGateways: true } })).toEqual([]);
    expect(mesh({ peering: { peerThroughMeshGateways: "true" } })).toEqual([]);
    expect(mesh({})).toEqual(['[HM-MESH-003] s/mesh: Mesh "mesh" spec.peering.peerThroughMeshGateways is absent']);
    expect(mesh({ peering: { peerThroughMeshGateways: "yes" } })).toEqual([
      '[HM-MESH-003] s/mesh: Mesh "mesh" spec.peering.peerThroughMeshGateways is "yes"',
    ]);
  });
  it("looks only at Mesh resources", () => {
    expect(found((s) => consulCr(s, "pd", "ProxyDefaults", {}), MESH3)).toEqual([]);
  });
});

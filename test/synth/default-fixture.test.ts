import { Testing } from "cdktf";
import { defaultApp } from "../stacks/helpers";
import { at, defaultStackJson, manifests, resources } from "../support";

// The stack tests read the default config's stacks from one synth per run (test/global-setup.ts)
// instead of Testing.synth per file: that is only sound while the two agree.
describe("the default synth shared by the tests", () => {
  it("holds, for every stack of the default app, the JSON that Testing.synth gives", () => {
    const mesh = defaultApp();
    expect(mesh.stacks.length).toBeGreaterThan(0);
    for (const { id, stack } of mesh.stacks) expect(defaultStackJson(id)).toEqual(JSON.parse(Testing.synth(stack)));
  });
});

describe("test/support JSON reads", () => {
  it("reads resources by type, the manifests, and a dotted path with indexes", () => {
    const json = defaultStackJson("mesh-cloud");
    const kinds = manifests(json).map((m) => m.kind);
    expect(kinds).toEqual(expect.arrayContaining(["Mesh", "ServiceIntentions"]));
    expect(resources(json, "kubernetes_manifest")).toHaveLength(kinds.length);
    expect(resources(json, "no_such_type")).toEqual([]);
    expect(at(json, "terraform.backend.local.path")).toBe("../../../state/mesh-cloud.tfstate");
    expect(at({ a: [{ b: 1 }, { b: 2 }] }, "a[1].b")).toBe(2);
    expect(at({ a: 1 }, "a.b.c")).toBeUndefined();
    expect(at(null, "a")).toBeUndefined();
  });
});

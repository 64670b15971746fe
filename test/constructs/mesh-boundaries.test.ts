import { ConsulTarget } from "../../constructs/consul-target";
import { buildMeshSpec, Mesh } from "../../constructs/mesh";
import { newStack, onlyManifest, problemsOf } from "./helpers";

// The Mesh entry at each boundary: TLS order (equal, TLS_AUTO, one side unset), per-direction TLS, partitions.
describe("Mesh boundaries", () => {
  it("accepts equal versions, TLS_AUTO on either side, and one side alone", () => {
    for (const [min, max] of [
      ["TLSv1_2", "TLSv1_2"],
      ["TLSv1_3", "TLS_AUTO"],
      ["TLS_AUTO", "TLSv1_0"],
      ["TLSv1_3", undefined],
      [undefined, "TLSv1_0"],
    ] as const) {
      expect(() => new Mesh(newStack(), "m", { tlsMinVersion: min, tlsMaxVersion: max })).not.toThrow();
    }
    expect(problemsOf(() => new Mesh(newStack(), "m", { tlsMinVersion: "TLSv1_1", tlsMaxVersion: "TLSv1_0" }))).toEqual(
      ['test/m: Mesh.tlsMinVersion: "TLSv1_1" is above tlsMaxVersion "TLSv1_0"'],
    );
  });

  it("checks each direction of tls, and refuses tls together with the shorthand", () => {
    expect(
      problemsOf(
        () =>
          new Mesh(newStack(), "m", {
            tls: {
              incoming: { tlsMinVersion: "TLSv1_3", tlsMaxVersion: "TLSv1_2" },
              outgoing: { tlsMaxVersion: "TLSv9" as never },
            },
          }),
      ),
    ).toEqual([
      'test/m: Mesh.tls.incoming.tlsMinVersion: "TLSv1_3" is above tlsMaxVersion "TLSv1_2"',
      'test/m: Mesh.tls.outgoing.tlsMaxVersion: "TLSv9" is not allowed; use one of "TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"',
    ]);
    expect(problemsOf(() => new Mesh(newStack(), "m", { tls: { incoming: {} }, tlsMaxVersion: "TLSv1_3" }))).toEqual([
      'test/m: Mesh.tls: {"incoming":{}} cannot be set together with tlsMinVersion/tlsMaxVersion; use one',
    ]);
    const stack = newStack();
    new Mesh(stack, "m", {
      tls: { outgoing: { tlsMinVersion: "TLSv1_2" } },
      meshDestinationsOnly: false,
      validateClusters: true,
    });
    expect(onlyManifest(stack).spec).toEqual({
      peering: { peerThroughMeshGateways: true },
      tls: { outgoing: { tlsMinVersion: "TLSv1_2" } },
      transparentProxy: { meshDestinationsOnly: false },
      validateClusters: true,
    });
  });

  it("peers through gateways only in the default partition", () => {
    const inPartition = (partition: string) => {
      const stack = newStack();
      ConsulTarget.set(stack, { edition: "enterprise", partitions: true, partition });
      return stack;
    };
    expect(problemsOf(() => new Mesh(inPartition("eu"), "m", { peerThroughMeshGateways: true }))).toEqual([
      'test/m: Mesh.peerThroughMeshGateways: true is only allowed in the "default" partition (this target is partition "eu"); set it to false',
    ]);
    const eu = inPartition("eu");
    new Mesh(eu, "m");
    expect(onlyManifest(eu).spec.peering).toEqual({ peerThroughMeshGateways: false });
    expect(() => new Mesh(inPartition("default"), "m", { peerThroughMeshGateways: true })).not.toThrow();
  });

  it("renders the shorthand with one side alone in both directions", () => {
    // given
    const stack = newStack();
    // when
    new Mesh(stack, "m", { tlsMinVersion: "TLSv1_3" });
    // then
    const side = { tlsMinVersion: "TLSv1_3" };
    expect(onlyManifest(stack).spec.tls).toEqual({ incoming: side, outgoing: side });
  });

  it("builds the spec for the default partition when none is named", () => {
    expect(buildMeshSpec({}).peering).toEqual({ peerThroughMeshGateways: true });
  });
});

import { Testing } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { ExportedServices } from "../../constructs/exported-services";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

describe("ExportedServices", () => {
  it('exports c to the peer "onprem" under the partition name "default"', () => {
    const synthed = Testing.synthScope((scope) =>
      new ExportedServices(scope, "e").addService({ name: "c", consumers: [{ peer: "onprem" }] }),
    );
    expect(synthed).toHaveResourceWithProperties(Manifest, {
      manifest: {
        apiVersion: "consul.hashicorp.com/v1alpha1",
        kind: "ExportedServices",
        metadata: { name: "default", namespace: "consul" },
        spec: { services: [{ name: "c", consumers: [{ peer: "onprem" }] }] },
      },
    });
  });

  it("merges consumers of a service added twice", () => {
    const stack = newStack();
    new ExportedServices(stack, "e", { services: [{ name: "c", consumers: [{ peer: "onprem" }] }] })
      .addService({ name: "c", consumers: [{ peer: "onprem" }, { peer: "edge" }] })
      .addService({ name: "d", consumers: [{ peer: "edge" }] });
    expect(onlyManifest(stack).spec.services).toEqual([
      { name: "c", consumers: [{ peer: "onprem" }, { peer: "edge" }] },
      { name: "d", consumers: [{ peer: "edge" }] },
    ]);
  });

  it("rejects a consumer with no or two targets", () => {
    const e = new ExportedServices(enterpriseStack(), "e");
    expect(problemsOf(() => e.addService({ name: "c", consumers: [{}, { peer: "a", partition: "b" }] }))).toEqual([
      "test/e: ExportedServices.services[0].consumers[0]: {} sets none of peer, partition, samenessGroup; set exactly one of peer, partition, samenessGroup",
      'test/e: ExportedServices.services[0].consumers[1]: {"peer":"a","partition":"b"} sets peer and partition; set exactly one of peer, partition, samenessGroup',
    ]);
  });

  it("rejects wildcard consumers", () => {
    const e = new ExportedServices(enterpriseStack(), "e");
    expect(problemsOf(() => e.addService({ name: "c", consumers: [{ peer: "*" }, { samenessGroup: "*" }] }))).toEqual([
      'test/e: ExportedServices.services[0].consumers[0].peer: "*" is not allowed; name one peer',
      'test/e: ExportedServices.services[0].consumers[1].samenessGroup: "*" is not allowed; name one sameness group',
    ]);
  });

  it("rejects a service without consumers", () => {
    expect(
      problemsOf(() => new ExportedServices(newStack(), "e", { services: [{ name: "c", consumers: [] }] })),
    ).toEqual([
      'test/e: ExportedServices.services[0].consumers: [] must name at least one consumer, e.g. { peer: "onprem" }',
    ]);
  });

  it("rejects a service name that is not a DNS label", () => {
    expect(
      problemsOf(() =>
        new ExportedServices(newStack(), "e").addService({ name: "C svc", consumers: [{ peer: "onprem" }] }),
      )[0],
    ).toMatch(/^test\/e: ExportedServices\.services\[0\]\.name: "C svc" is not a DNS-1123 label/);
  });

  it("fails synth when no service was ever added", () => {
    const stack = newStack();
    new ExportedServices(stack, "e");
    expect(() => Testing.synth(stack, true)).toThrow(
      "test/e: ExportedServices.services: [] must export at least one service; pass services or call addService()",
    );
  });
});

import { Token } from "cdktf";
import { ExportedServices } from "../../constructs/exported-services";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

// ExportedServices at each boundary: consumer labels, namespaces kept apart, edition features, tokens.
const LABEL =
  'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';

describe("ExportedServices boundaries", () => {
  it("checks every consumer kind as a DNS label, and a wildcard once, not twice", () => {
    const e = new ExportedServices(enterpriseStack(), "e");
    expect(
      problemsOf(() =>
        e.addService({
          name: "c",
          consumers: [{ peer: "On-Prem" }, { partition: "p_1" }, { samenessGroup: "Shop" }, { peer: "on*" }],
        }),
      ),
    ).toEqual([
      `test/e: ExportedServices.services[0].consumers[0].peer: "On-Prem" ${LABEL}`,
      `test/e: ExportedServices.services[0].consumers[1].partition: "p_1" ${LABEL}`,
      `test/e: ExportedServices.services[0].consumers[2].samenessGroup: "Shop" ${LABEL}`,
      'test/e: ExportedServices.services[0].consumers[3].peer: "on*" is not allowed; name one peer',
    ]);
    expect(problemsOf(() => e.addService({ name: "c", consumers: [{ partition: "*" }] }))).toEqual([
      'test/e: ExportedServices.services[0].consumers[0].partition: "*" is not allowed; name one partition',
    ]);
  });

  it("accepts each consumer kind alone on an enterprise target, and an empty string counts as unset", () => {
    const stack = enterpriseStack();
    new ExportedServices(stack, "e", {
      services: [
        {
          name: "*",
          consulNamespace: "team-a",
          consumers: [{ peer: "onprem" }, { partition: "p1" }, { samenessGroup: "shop" }],
        },
      ],
    });
    expect(onlyManifest(stack).spec.services).toEqual([
      {
        name: "*",
        namespace: "team-a",
        consumers: [{ peer: "onprem" }, { partition: "p1" }, { samenessGroup: "shop" }],
      },
    ]);
    // An empty name sets nothing (and is no label either).
    expect(
      problemsOf(() =>
        new ExportedServices(enterpriseStack(), "f").addService({
          name: "c",
          consumers: [{ peer: "", partition: "p1" }, { peer: "" }],
        }),
      ),
    ).toEqual([
      `test/f: ExportedServices.services[0].consumers[0].peer: "" ${LABEL}`,
      'test/f: ExportedServices.services[0].consumers[1]: {"peer":""} sets none of peer, partition, samenessGroup; set exactly one of peer, partition, samenessGroup',
      `test/f: ExportedServices.services[0].consumers[1].peer: "" ${LABEL}`,
    ]);
  });

  it("refuses enterprise consumers and namespaces on Community Edition, one message each", () => {
    expect(
      problemsOf(
        () =>
          new ExportedServices(newStack(), "e", {
            services: [
              { name: "c", consulNamespace: "team-a", consumers: [{ partition: "p1" }, { samenessGroup: "shop" }] },
            ],
          }),
      ),
    ).toEqual([
      'test/e: ExportedServices.services[0].consulNamespace: "team-a" needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope',
      'test/e: ExportedServices.services[0].consumers[0].partition: "p1" needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope',
      'test/e: ExportedServices.services[0].consumers[1].samenessGroup: "shop" needs Consul Enterprise (sameness groups); set ConsulTarget { edition: "enterprise" } on the scope',
    ]);
  });

  it("requires a name and consumers, and checks the namespace label", () => {
    expect(
      problemsOf(
        () =>
          new ExportedServices(enterpriseStack(), "e", {
            services: [
              { name: "", consumers: [{ peer: "onprem" }] },
              { name: "c", consulNamespace: "Team", consumers: undefined as never },
            ],
          }),
      ),
    ).toEqual([
      'test/e: ExportedServices.services[0].name: "" is required',
      `test/e: ExportedServices.services[1].consulNamespace: "Team" ${LABEL} or "*"`,
      'test/e: ExportedServices.services[1].consumers: [] must name at least one consumer, e.g. { peer: "onprem" }',
    ]);
  });

  it("numbers added services after the ones given as props", () => {
    // given
    const e = new ExportedServices(newStack(), "e", { services: [{ name: "c", consumers: [{ peer: "onprem" }] }] });
    // when
    const problems = problemsOf(() => e.addService({ name: "D", consumers: [{ peer: "onprem" }] }));
    // then
    expect(problems).toEqual([`test/e: ExportedServices.services[1].name: "D" ${LABEL} or "*"`]);
  });

  it("keeps same-named services of different namespaces apart, and merges within one namespace", () => {
    const stack = enterpriseStack();
    new ExportedServices(stack, "e")
      .addService({ name: "c", consulNamespace: "a", consumers: [{ peer: "p1" }] })
      .addService({ name: "c", consulNamespace: "b", consumers: [{ peer: "p2" }] })
      .addService({ name: "c", consumers: [{ peer: "p3" }] })
      .addService({
        name: "c",
        consulNamespace: "a",
        consumers: [{ peer: "p1" }, { partition: "p1" }, { samenessGroup: "p1" }],
      });
    expect(onlyManifest(stack).spec.services).toEqual([
      { name: "c", namespace: "a", consumers: [{ peer: "p1" }, { partition: "p1" }, { samenessGroup: "p1" }] },
      { name: "c", namespace: "b", consumers: [{ peer: "p2" }] },
      { name: "c", consumers: [{ peer: "p3" }] },
    ]);
  });

  it("merges by peer, partition and sameness group, and never duplicates a consumer already merged", () => {
    const stack = enterpriseStack();
    new ExportedServices(stack, "e")
      .addService({ name: "c", consumers: [{ peer: "p1" }, { partition: "a" }, { samenessGroup: "s" }] })
      .addService({
        name: "c",
        consumers: [{ partition: "b" }, { samenessGroup: "t" }, { peer: "p1" }, { partition: "a" }],
      });
    expect(onlyManifest(stack).spec.services).toEqual([
      {
        name: "c",
        consumers: [
          { peer: "p1" },
          { partition: "a" },
          { samenessGroup: "s" },
          { partition: "b" },
          { samenessGroup: "t" },
        ],
      },
    ]);
  });

  it("names the kind in a bad namespace prop, and passes synth validation once a service is added", () => {
    expect(problemsOf(() => new ExportedServices(newStack(), "e", { namespace: "Consul" }))).toEqual([
      `test/e: ExportedServices.namespace: "Consul" ${LABEL}`,
    ]);
    const e = new ExportedServices(newStack(), "e");
    expect(e.node.validate()).toHaveLength(1);
    e.addService({ name: "c", consumers: [{ peer: "onprem" }] });
    expect(e.node.validate()).toEqual([]);
  });

  it("does not alias the caller's consumer list", () => {
    const stack = newStack();
    const consumers = [{ peer: "onprem" }];
    new ExportedServices(stack, "e")
      .addService({ name: "c", consumers })
      .addService({ name: "c", consumers: [{ peer: "edge" }] });
    expect(consumers).toEqual([{ peer: "onprem" }]);
    expect(onlyManifest(stack).spec.services).toEqual([
      { name: "c", consumers: [{ peer: "onprem" }, { peer: "edge" }] },
    ]);
  });

  it("skips checks of tokens", () => {
    const stack = newStack();
    const peer = Token.asString({ Ref: "peer" });
    new ExportedServices(stack, "e").addService({ name: Token.asString({ Ref: "svc" }), consumers: [{ peer }] });
    expect(onlyManifest(stack).spec.services).toHaveLength(1);
    // A consumer list known only at deploy is passed through, never merged.
    const tokenStack = newStack();
    const listToken = Token.asAny({ Ref: "list" }) as never;
    new ExportedServices(tokenStack, "e")
      .addService({ name: "c", consumers: [{ peer: "onprem" }] })
      .addService({ name: "c", consumers: listToken });
    expect(onlyManifest(tokenStack).spec.services).toEqual([
      { name: "c", consumers: [{ peer: "onprem" }] },
      { name: "c", consumers: { Ref: "list" } },
    ]);
  });
});

import { Token } from "cdktf";
import { ConsulTarget } from "../../constructs/consul-target";
import { SamenessGroup } from "../../constructs/sameness-group";
import { newStack, onlyManifest, problemsOf } from "./helpers";

// SamenessGroup at each boundary: namespace, members (neither/both/wildcards/repeats), the local partition.
function enterprise() {
  const stack = newStack();
  ConsulTarget.set(stack, { edition: "enterprise" });
  return stack;
}

describe("SamenessGroup boundaries", () => {
  it('accepts the namespace "default" spelled out, and includeLocal in place of the local member', () => {
    const stack = enterprise();
    new SamenessGroup(stack, "g", {
      name: "shop",
      namespace: "default",
      includeLocal: true,
      members: [{ peer: "onprem" }],
    });
    expect(onlyManifest(stack).metadata).toEqual({ name: "shop", namespace: "default" });
  });

  it("refuses a member with neither peer nor partition, wildcards, a missing or bad name", () => {
    expect(
      problemsOf(
        () =>
          new SamenessGroup(enterprise(), "g", {
            name: "",
            includeLocal: true,
            members: [{}, { peer: "*" }, { peer: "on*" }],
          }),
      ),
    ).toEqual([
      'test/g: SamenessGroup.name: "" is required',
      "test/g: SamenessGroup.members[0]: {} must set exactly one of peer and partition",
      'test/g: SamenessGroup.members[1].peer: "*" is not allowed; name one peer',
      'test/g: SamenessGroup.members[2].peer: "on*" is not allowed; name one peer',
    ]);
    expect(
      problemsOf(
        () =>
          new SamenessGroup(enterprise(), "g", {
            name: "Shop",
            members: [{ partition: "default" }, { partition: "*" }],
          }),
      ),
    ).toEqual([
      expect.stringMatching(/^test\/g: SamenessGroup\.name: "Shop" is not a DNS-1123 label/),
      'test/g: SamenessGroup.members[1].partition: "*" is not allowed; name one partition',
      'test/g: SamenessGroup.members[1].partition: "*" needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope',
    ]);
  });

  it("tells a repeat by peer and partition together, naming the first", () => {
    expect(
      problemsOf(
        () =>
          new SamenessGroup(enterprise(), "g", {
            name: "shop",
            members: [{ partition: "default" }, { peer: "a" }, { peer: "b" }, { peer: "a" }],
          }),
      ),
    ).toEqual(['test/g: SamenessGroup.members[3]: {"peer":"a"} repeats members[1]; members must be unique']);
  });

  it("skips the member checks of a token list", () => {
    const stack = enterprise();
    new SamenessGroup(stack, "g", { name: "shop", members: Token.asAny({ Ref: "m" }) as never });
    expect(onlyManifest(stack).metadata.name).toBe("shop");
  });
});

describe("SamenessGroup boundaries: the local partition, paths and rendering", () => {
  const LOCAL = 'do not include the local partition "default"; add { partition: "default" } or set includeLocal';

  it("needs the local partition among the members unless includeLocal is set, and accepts it alone", () => {
    expect(
      problemsOf(() => new SamenessGroup(enterprise(), "g", { name: "shop", members: [{ peer: "onprem" }] })),
    ).toEqual([`test/g: SamenessGroup.members: [{"peer":"onprem"}] ${LOCAL}`]);
    expect(
      () => new SamenessGroup(enterprise(), "g", { name: "shop", members: [{ partition: "default" }] }),
    ).not.toThrow();
    expect(problemsOf(() => new SamenessGroup(enterprise(), "g", { name: "shop" } as never))).toEqual([
      "test/g: SamenessGroup.members: [] must have at least one member",
      `test/g: SamenessGroup.members: [] ${LOCAL}`,
    ]);
  });

  it("names the namespace field in its label message", () => {
    expect(
      problemsOf(
        () =>
          new SamenessGroup(enterprise(), "g", {
            name: "shop",
            namespace: "Ns",
            includeLocal: true,
            members: [{ peer: "onprem" }],
          }),
      ),
    ).toEqual([
      'test/g: SamenessGroup.namespace: "Ns" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
      'test/g: SamenessGroup.namespace: "Ns" is not allowed; sameness groups must reside in the "default" namespace',
    ]);
  });

  it("renders kind SamenessGroup with includeLocal and defaultForFailover in the spec", () => {
    const stack = enterprise();
    new SamenessGroup(stack, "g", {
      name: "shop",
      includeLocal: true,
      defaultForFailover: true,
      members: [{ peer: "onprem" }],
    });
    const m = onlyManifest(stack);
    expect([m.kind, m.spec]).toEqual([
      "SamenessGroup",
      { includeLocal: true, defaultForFailover: true, members: [{ peer: "onprem" }] },
    ]);
  });
});

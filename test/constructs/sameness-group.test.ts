import { Construct } from "constructs";
import { ConsulTarget } from "../../constructs/consul-target";
import { SamenessGroup } from "../../constructs/sameness-group";
import { newStack, onlyManifest, problemsOf } from "./helpers";

function enterprise(partition = "default") {
  const stack = newStack();
  ConsulTarget.set(
    stack,
    partition === "default" ? { edition: "enterprise" } : { edition: "enterprise", partitions: true, partition },
  );
  return stack;
}

describe("SamenessGroup", () => {
  it('renders in the Kubernetes namespace "default", which consul-k8s requires', () => {
    const stack = enterprise();
    new SamenessGroup(stack, "g", {
      name: "shop",
      defaultForFailover: true,
      members: [{ partition: "default" }, { peer: "onprem" }],
    });
    const m = onlyManifest(stack);
    expect(m.metadata).toEqual({ name: "shop", namespace: "default" });
    expect(m.spec).toEqual({ defaultForFailover: true, members: [{ partition: "default" }, { peer: "onprem" }] });
  });

  it("needs Consul Enterprise", () => {
    expect(
      problemsOf(
        () => new SamenessGroup(newStack(), "g", { name: "shop", includeLocal: true, members: [{ peer: "onprem" }] }),
      ),
    ).toEqual([
      'test/g: SamenessGroup.name: "shop" needs Consul Enterprise (sameness groups); set ConsulTarget { edition: "enterprise" } on the scope',
    ]);
  });

  it("rejects another namespace, no members, both peer and partition, repeats, and a group without the local partition", () => {
    expect(
      problemsOf(() => new SamenessGroup(enterprise(), "g", { name: "shop", namespace: "consul", members: [] })),
    ).toEqual([
      'test/g: SamenessGroup.namespace: "consul" is not allowed; sameness groups must reside in the "default" namespace',
      "test/g: SamenessGroup.members: [] must have at least one member",
      'test/g: SamenessGroup.members: [] do not include the local partition "default"; add { partition: "default" } or set includeLocal',
    ]);
    expect(
      problemsOf(
        () =>
          new SamenessGroup(enterprise(), "g", {
            name: "shop",
            includeLocal: true,
            members: [{ peer: "a", partition: "b" }, { peer: "c" }, { peer: "c" }],
          }),
      ),
    ).toEqual([
      'test/g: SamenessGroup.members[0]: {"peer":"a","partition":"b"} must set exactly one of peer and partition',
      'test/g: SamenessGroup.members[0].partition: "b" needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope',
      'test/g: SamenessGroup.members[2]: {"peer":"c"} repeats members[1]; members must be unique',
    ]);
  });

  it("counts the target's own partition as the local member", () => {
    // given
    const scope = new Construct(enterprise("eu"), "eu");
    // when
    const create = () =>
      new SamenessGroup(scope, "g", { name: "shop", members: [{ partition: "eu" }, { partition: "us" }] });
    // then
    expect(create).not.toThrow();
  });
});

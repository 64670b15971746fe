import { TerraformStack, Testing } from "cdktf";
import { CONSUL_TARGET_CONTEXT, ConsulTarget } from "../../constructs/consul-target";
import { newStack, problemsOf } from "./helpers";

// ConsulTarget at each boundary: a target set on the app itself (the outermost scope), an unknown
// edition, partition "default" without partitions, and the context as the source of a bad target.
describe("ConsulTarget boundaries", () => {
  it("finds a target set on the app, the outermost scope", () => {
    const app = Testing.app();
    ConsulTarget.set(app, { edition: "enterprise" });
    expect(ConsulTarget.of(new TerraformStack(app, "s"))).toEqual({
      edition: "enterprise",
      namespaces: false,
      partitions: false,
      partition: "default",
    });
  });

  it('accepts partition "default" without partitions, and refuses an unknown edition', () => {
    expect(ConsulTarget.set(newStack(), { partition: "default" })).toEqual({
      edition: "ce",
      namespaces: false,
      partitions: false,
      partition: "default",
    });
    expect(problemsOf(() => ConsulTarget.set(newStack(), { edition: "pro" as never }))).toEqual([
      'test: ConsulTarget.edition: "pro" is not allowed; use "ce" or "enterprise"',
    ]);
  });

  it("says where a bad target comes from: the app, or the context", () => {
    expect(problemsOf(() => ConsulTarget.set(Testing.app(), { namespaces: true }))).toEqual([
      '<app>: ConsulTarget.namespaces: true needs edition "enterprise" (Consul CE has no namespaces)',
    ]);
    const app = Testing.app({ context: { [CONSUL_TARGET_CONTEXT]: { partitions: true } } });
    expect(problemsOf(() => ConsulTarget.of(new TerraformStack(app, "s")))).toEqual([
      `context ${CONSUL_TARGET_CONTEXT}: ConsulTarget.partitions: true needs edition "enterprise" (Consul CE has no admin partitions)`,
    ]);
  });
});

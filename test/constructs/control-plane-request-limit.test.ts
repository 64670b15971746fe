import { ConsulTarget } from "../../constructs/consul-target";
import { ControlPlaneRequestLimit } from "../../constructs/control-plane-request-limit";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

describe("ControlPlaneRequestLimit", () => {
  it("renders the singleton the webhook accepts, with per-area limits", () => {
    const stack = enterpriseStack();
    new ControlPlaneRequestLimit(stack, "l", {
      mode: "enforcing",
      readRate: 500,
      writeRate: 100,
      catalog: { readRate: 200, writeRate: 20 },
    });
    const m = onlyManifest(stack);
    expect(m.metadata.name).toBe("controlplanerequestlimit");
    expect(m.spec).toEqual({
      mode: "enforcing",
      readRate: 500,
      writeRate: 100,
      catalog: { readRate: 200, writeRate: 20 },
    });
  });

  it("needs Consul Enterprise and the default partition", () => {
    expect(
      problemsOf(() => new ControlPlaneRequestLimit(newStack(), "l", { mode: "permissive", writeRate: 1 })),
    ).toEqual([
      'test/l: ControlPlaneRequestLimit.mode: "permissive" needs Consul Enterprise (control-plane request limits); set ConsulTarget { edition: "enterprise" } on the scope',
    ]);
    const stack = newStack();
    ConsulTarget.set(stack, { edition: "enterprise", partitions: true, partition: "eu" });
    expect(problemsOf(() => new ControlPlaneRequestLimit(stack, "l", { mode: "permissive", writeRate: 1 }))).toEqual([
      'test/l: ControlPlaneRequestLimit: "eu" is the target partition; this entry can only be written to the "default" partition',
    ]);
  });

  it("rejects an unknown mode, a negative read rate and a zero write rate (overall and per area)", () => {
    expect(
      problemsOf(
        () =>
          new ControlPlaneRequestLimit(enterpriseStack(), "l", {
            mode: "strict" as never,
            readRate: -1,
            writeRate: 0,
            kv: { readRate: 1, writeRate: 0 },
          }),
      ),
    ).toEqual([
      'test/l: ControlPlaneRequestLimit.mode: "strict" is not allowed; use one of "permissive", "enforcing", "disabled"',
      "test/l: ControlPlaneRequestLimit.readRate: -1 must be >= 0",
      "test/l: ControlPlaneRequestLimit.writeRate: 0 must be > 0",
      "test/l: ControlPlaneRequestLimit.kv.writeRate: 0 must be > 0",
    ]);
  });
});

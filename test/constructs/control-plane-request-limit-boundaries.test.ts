import { Token } from "cdktf";
import { ControlPlaneRequestLimit } from "../../constructs/control-plane-request-limit";
import { enterpriseStack, onlyManifest, problemsOf } from "./helpers";

// Rate boundaries (readRate >= 0, writeRate > 0), the required mode, every area, tokens skipped.
describe("ControlPlaneRequestLimit boundaries", () => {
  it("accepts a read rate of 0 and the smallest positive write rate, in every area", () => {
    const stack = enterpriseStack();
    const areas = [
      "acl",
      "catalog",
      "configEntry",
      "connectCA",
      "coordinate",
      "discoveryChain",
      "health",
      "intention",
      "kv",
      "preparedQuery",
      "session",
      "tenancy",
      "txn",
    ];
    const limits = Object.fromEntries(areas.map((a) => [a, { readRate: 0, writeRate: 0.1 }]));
    new ControlPlaneRequestLimit(stack, "l", { mode: "disabled", readRate: 0, writeRate: 0.1, ...limits });
    expect(onlyManifest(stack).spec).toEqual({ mode: "disabled", readRate: 0, writeRate: 0.1, ...limits });
  });

  it("refuses a missing mode and write rate, and a rate below each bound, in any area", () => {
    expect(
      problemsOf(
        () => new ControlPlaneRequestLimit(enterpriseStack(), "l", { txn: { readRate: -0.5, writeRate: -1 } } as never),
      ),
    ).toEqual([
      "test/l: ControlPlaneRequestLimit.mode: undefined is required; use one of permissive, enforcing, disabled",
      "test/l: ControlPlaneRequestLimit.writeRate: undefined must be > 0",
      "test/l: ControlPlaneRequestLimit.txn.readRate: -0.5 must be >= 0",
      "test/l: ControlPlaneRequestLimit.txn.writeRate: -1 must be > 0",
    ]);
  });

  it("renders the ControlPlaneRequestLimit kind", () => {
    // given
    const stack = enterpriseStack();
    // when
    new ControlPlaneRequestLimit(stack, "l", { mode: "enforcing", writeRate: 1 });
    // then
    expect(onlyManifest(stack).kind).toBe("ControlPlaneRequestLimit");
  });

  it("names the kind in a bad Kubernetes namespace", () => {
    expect(
      problemsOf(
        () =>
          new ControlPlaneRequestLimit(enterpriseStack(), "l", {
            mode: "enforcing",
            writeRate: 1,
            namespace: "Consul",
          }),
      ),
    ).toEqual([
      'test/l: ControlPlaneRequestLimit.namespace: "Consul" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
    ]);
  });

  it("skips rates that are tokens", () => {
    const stack = enterpriseStack();
    new ControlPlaneRequestLimit(stack, "l", {
      mode: "enforcing",
      readRate: Token.asNumber({ Ref: "r" }),
      writeRate: Token.asNumber({ Ref: "w" }),
    });
    expect(onlyManifest(stack).spec.mode).toBe("enforcing");
  });
});

import { Token } from "cdktf";
import { Problems } from "../../constructs/private/problems";
import { checkEnvoyExtensions, checkExpose } from "../../constructs/private/proxy-config";
import { modeOf, pickSpec } from "../../constructs/private/specs";

// The proxy settings ServiceDefaults and ProxyDefaults share, at each boundary: an expose path that
// is missing or a token, both protocols, and envoy extension arguments that are not an object.
function lines(check: (p: Problems) => void): string[] {
  const p = new Problems("x");
  check(p);
  try {
    p.throwIfAny();
  } catch (e) {
    return [...(e as { problems: string[] }).problems];
  }
  return [];
}

describe("checkExpose", () => {
  it("stays silent on a missing or token path, on http and http2, and on no paths", () => {
    expect(
      lines((p) => {
        checkExpose(p, "e", {
          paths: [
            { listenerPort: 1 },
            { path: Token.asString({ resolve: () => "/a" }), protocol: "http" },
            { path: "/b", protocol: "http2" },
          ],
        });
      }),
    ).toEqual([]);
    expect(
      lines((p) => {
        checkExpose(p, "e", {});
      }),
    ).toEqual([]);
  });
});

describe("checkEnvoyExtensions", () => {
  it("needs arguments to be an object, not null, a string or a list", () => {
    expect(
      lines((p) => {
        checkEnvoyExtensions(p, "x", [
          { name: "a", arguments: null as never },
          { name: "b", arguments: "s" as never },
          { name: "c", arguments: [] as never },
          { name: "d", arguments: {} },
          { name: "e" },
        ]);
      }),
    ).toEqual([
      "x: x[0].arguments: null must be an object",
      'x: x[1].arguments: "s" must be an object',
      "x: x[2].arguments: [] must be an object",
    ]);
  });
});

describe("pickSpec and modeOf", () => {
  it("copies only the spec fields that are set", () => {
    expect(Object.keys(pickSpec({ a: 1, b: undefined, c: 0, d: 2 }, ["a", "b", "c"]))).toEqual(["a", "c"]);
    expect(modeOf(undefined)).toBeUndefined();
    expect(modeOf("local")).toEqual({ mode: "local" });
  });
});

import { ConfigError, didYouMean, issueText, nearest } from "../../config/errors";

// The config error type and its "did you mean" hints: ordering by edit distance, ties by name,
// the list's limit, and one, two or three suggestions.
describe("ConfigError", () => {
  it("carries one line per problem and is recognized by its mark, not its class", () => {
    const e = new ConfigError(["a: x", "b: y"]);
    expect([e.message, e.name, e.problems]).toEqual(["a: x\nb: y", "ConfigError", ["a: x", "b: y"]]);
    expect(ConfigError.isConfigError(e)).toBe(true);
    expect(ConfigError.isConfigError({ isConfigError: true })).toBe(true);
    for (const x of [null, undefined, "isConfigError", { isConfigError: "true" }, new Error("x")])
      expect(ConfigError.isConfigError(x)).toBe(false);
  });

  it('writes "(root)" for the whole document', () => {
    expect(issueText({ path: "", message: "is empty" })).toBe("(root): is empty");
    expect(issueText({ path: "a.b", message: "is bad" })).toBe("a.b: is bad");
  });
});

describe("nearest and didYouMean", () => {
  const fields = ["datacenter", "region", "vpcCidr", "kind", "images"];

  it("orders by edit distance, ignoring case, then by name, and keeps at most max", () => {
    expect(nearest("Regoin", fields)).toEqual(["region", "kind", "images"]);
    expect(nearest("kinds", fields, 1)).toEqual(["kind"]);
    expect(nearest("ab", ["ac", "ab", "bb", "ba"], 4)).toEqual(["ab", "ac", "bb", "ba"]);
    expect(nearest("x", ["b", "a"], 2)).toEqual(["a", "b"]);
    expect(nearest("abcd", ["abdc", "xbcd", "abc", "abcde", "bcd"], 5)).toEqual([
      "abc",
      "abcde",
      "bcd",
      "xbcd",
      "abdc",
    ]);
    expect(nearest("", ["abc", "a"], 2)).toEqual(["a", "abc"]);
  });

  it("suggests one, two or three names, and nothing without candidates", () => {
    expect(didYouMean("regoin", fields, 1)).toBe('did you mean "region"?');
    expect(didYouMean("regoin", fields, 2)).toBe('did you mean "region" or "kind"?');
    expect(didYouMean("regoin", fields)).toBe('did you mean "region", "kind" or "images"?');
    expect(didYouMean("x", [])).toBe("");
  });
});

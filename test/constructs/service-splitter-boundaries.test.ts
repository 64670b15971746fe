import { Token } from "cdktf";
import { ServiceSplitter } from "../../constructs/service-splitter";
import { newStack, onlyManifest, problemsOf } from "./helpers";

// Weights at each boundary (0, 0.01, 100 and just outside), the sum's tolerance, tokens.
const RANGE = "is not a percentage between 0.01 and 100";
const LABEL =
  'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';
const splitter = (splits: { weight: number }[]) => () =>
  new ServiceSplitter(newStack(), "s", { service: "web", splits });

describe("ServiceSplitter boundaries", () => {
  it("accepts 0, 0.01 and 100 as weights, and a sum within a thousandth of 100", () => {
    const stack = newStack();
    new ServiceSplitter(stack, "s", { service: "web", splits: [{ weight: 0 }, { weight: 0.01 }, { weight: 99.99 }] });
    expect(onlyManifest(stack).spec.splits).toEqual([{ weight: 0 }, { weight: 0.01 }, { weight: 99.99 }]);
    expect(splitter([{ weight: 100 }])).not.toThrow();
    expect(splitter([{ weight: 33.333 }, { weight: 33.333 }, { weight: 33.3335 }])).not.toThrow();
  });

  it("refuses 0.009 and 100.001, and a sum off by more than a thousandth, rounded in the message", () => {
    expect(problemsOf(splitter([{ weight: 0.009 }, { weight: 99.991 }]))).toEqual([
      `test/s: ServiceSplitter.splits[0].weight: 0.009 ${RANGE}`,
      "test/s: ServiceSplitter.splits: [0.009,99.991] have weights adding up to 99.991; they must add up to 100",
    ]);
    expect(problemsOf(splitter([{ weight: 100.001 }]))).toEqual([
      `test/s: ServiceSplitter.splits[0].weight: 100.001 ${RANGE}`,
      "test/s: ServiceSplitter.splits: [100.001] have weights adding up to 0; they must add up to 100",
    ]);
    expect(problemsOf(splitter([{ weight: 50 }, { weight: 50.002 }]))).toEqual([
      "test/s: ServiceSplitter.splits: [50,50.002] have weights adding up to 100.002; they must add up to 100",
    ]);
    expect(problemsOf(splitter([{ weight: "50" as never }, { weight: 50 }]))).toEqual([
      `test/s: ServiceSplitter.splits[0].weight: "50" ${RANGE}`,
      'test/s: ServiceSplitter.splits: ["50",50] have weights adding up to 50; they must add up to 100',
    ]);
  });

  it("does not judge the sum when a weight or the list is a token, and requires a valid service", () => {
    expect(splitter([{ weight: Token.asNumber({ Ref: "w" }) }, { weight: 10 }])).not.toThrow();
    const stack = newStack();
    new ServiceSplitter(stack, "s", { service: "web", splits: Token.asAny({ Ref: "l" }) as never });
    expect(onlyManifest(stack).spec.splits).toEqual({ Ref: "l" });
    expect(
      problemsOf(
        () => new ServiceSplitter(newStack(), "s", { service: "", splits: [{ weight: 100, service: "Web" }] }),
      ),
    ).toEqual([
      'test/s: ServiceSplitter.service: "" is required',
      expect.stringMatching(/^test\/s: ServiceSplitter\.splits\[0\]\.service: "Web" is not a DNS-1123 label/),
    ]);
  });

  it("renders the ServiceSplitter kind", () => {
    // given
    const stack = newStack();
    // when
    new ServiceSplitter(stack, "s", { service: "web", splits: [{ weight: 100 }] });
    // then
    expect(onlyManifest(stack).kind).toBe("ServiceSplitter");
  });

  it("names the kind in a bad service name and a bad Kubernetes namespace", () => {
    expect(
      problemsOf(
        () => new ServiceSplitter(newStack(), "s", { service: "Web", namespace: "Consul", splits: [{ weight: 100 }] }),
      ),
    ).toEqual([
      `test/s: ServiceSplitter.namespace: "Consul" ${LABEL}`,
      `test/s: ServiceSplitter.service: "Web" ${LABEL}`,
    ]);
  });

  it("reports missing splits (a JavaScript caller's) as weights adding up to 0", () => {
    expect(problemsOf(() => new ServiceSplitter(newStack(), "s", { service: "web" } as never))).toEqual([
      "test/s: ServiceSplitter.splits: [] have weights adding up to 0; they must add up to 100",
    ]);
  });
});

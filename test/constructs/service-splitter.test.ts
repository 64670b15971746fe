import { ServiceSplitter } from "../../constructs/service-splitter";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

describe("ServiceSplitter", () => {
  it("renders the splits", () => {
    const stack = newStack();
    new ServiceSplitter(stack, "s", {
      service: "web",
      splits: [
        { weight: 33.33, serviceSubset: "v1" },
        { weight: 66.67, serviceSubset: "v2", responseHeaders: { add: { "x-v": "2" } } },
      ],
    });
    const m = onlyManifest(stack);
    expect(m.metadata.name).toBe("web");
    expect(m.spec).toEqual({
      splits: [
        { weight: 33.33, serviceSubset: "v1" },
        { weight: 66.67, serviceSubset: "v2", responseHeaders: { add: { "x-v": "2" } } },
      ],
    });
  });

  it("rejects weights that do not add up to 100, and a weight out of range", () => {
    expect(
      problemsOf(
        () => new ServiceSplitter(newStack(), "s", { service: "web", splits: [{ weight: 50 }, { weight: 40 }] }),
      ),
    ).toEqual(["test/s: ServiceSplitter.splits: [50,40] have weights adding up to 90; they must add up to 100"]);
    expect(
      problemsOf(
        () => new ServiceSplitter(newStack(), "s", { service: "web", splits: [{ weight: 100.5 }, { weight: -0.5 }] }),
      ),
    ).toEqual([
      "test/s: ServiceSplitter.splits[0].weight: 100.5 is not a percentage between 0.01 and 100",
      "test/s: ServiceSplitter.splits[1].weight: -0.5 is not a percentage between 0.01 and 100",
      "test/s: ServiceSplitter.splits: [100.5,-0.5] have weights adding up to 0; they must add up to 100",
    ]);
  });

  it("rejects a namespace or partition on CE and accepts them with Enterprise", () => {
    const splits = [{ weight: 100, service: "web", namespace: "team-a", partition: "p1" }];
    expect(problemsOf(() => new ServiceSplitter(newStack(), "s", { service: "web", splits }))).toEqual([
      'test/s: ServiceSplitter.splits[0].namespace: "team-a" needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope',
      'test/s: ServiceSplitter.splits[0].partition: "p1" needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope',
    ]);
    expect(() => new ServiceSplitter(enterpriseStack(), "s", { service: "web", splits })).not.toThrow();
  });
});

import { Testing } from "cdktf";
import { ServiceRouter } from "../../constructs/service-router";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

describe("ServiceRouter", () => {
  it("renders routes in order, from props and addRoute()", () => {
    const stack = newStack();
    new ServiceRouter(stack, "r", {
      service: "web",
      routes: [{ match: { http: { pathPrefix: "/v2" } }, destination: { serviceSubset: "v2", prefixRewrite: "/" } }],
    }).addRoute({
      match: { http: { header: [{ name: "x-debug", present: true }] } },
      destination: { service: "web-debug", numRetries: 3, retryOn: ["5xx"] },
    });
    const m = onlyManifest(stack);
    expect(m.metadata.name).toBe("web");
    expect(m.spec).toEqual({
      routes: [
        { match: { http: { pathPrefix: "/v2" } }, destination: { serviceSubset: "v2", prefixRewrite: "/" } },
        {
          match: { http: { header: [{ name: "x-debug", present: true }] } },
          destination: { service: "web-debug", numRetries: 3, retryOn: ["5xx"] },
        },
      ],
    });
  });

  it("needs at least one route at synth", () => {
    const stack = newStack();
    new ServiceRouter(stack, "r", { service: "web" });
    expect(() => Testing.synth(stack, true)).toThrow(
      "test/r: ServiceRouter.routes: [] must have at least one route; pass routes or call addRoute()",
    );
  });

  it.each([
    [
      "two path matchers",
      { match: { http: { pathExact: "/a", pathPrefix: "/b" } } },
      'test/r: ServiceRouter.routes[0].match.http: {"pathExact":"/a","pathPrefix":"/b"} sets pathExact and pathPrefix; set at most one of pathExact, pathPrefix, pathRegex',
    ],
    [
      "a path without a slash",
      { match: { http: { pathPrefix: "api" } } },
      'test/r: ServiceRouter.routes[0].match.http.pathPrefix: "api" must begin with "/"',
    ],
    [
      "prefixRewrite without a path match",
      { match: { http: { pathRegex: "^/a" } }, destination: { prefixRewrite: "/" } },
      'test/r: ServiceRouter.routes[0].destination.prefixRewrite: "/" needs match.http.pathPrefix or match.http.pathExact on this route',
    ],
    [
      "two header matchers",
      { match: { http: { header: [{ name: "h", exact: "a", regex: "b" }] } } },
      'test/r: ServiceRouter.routes[0].match.http.header[0]: {"exact":"a","regex":"b"} sets exact and regex; set at most one of exact, prefix, suffix, regex, present',
    ],
    [
      "two query matchers",
      { match: { http: { queryParam: [{ name: "q", exact: "a", present: true }] } } },
      'test/r: ServiceRouter.routes[0].match.http.queryParam[0]: {"exact":"a","present":true} sets exact and present; set at most one of exact, regex, present',
    ],
    [
      "a lower-case method",
      { match: { http: { methods: ["get"] } } },
      expect.stringContaining('test/r: ServiceRouter.routes[0].match.http.methods[0]: "get" is not allowed'),
    ],
    [
      "a bad timeout",
      { destination: { requestTimeout: "5 seconds" } },
      expect.stringContaining(
        'test/r: ServiceRouter.routes[0].destination.requestTimeout: "5 seconds" is not a duration',
      ),
    ],
    [
      "a namespace on CE",
      { destination: { service: "api", namespace: "team-a" } },
      'test/r: ServiceRouter.routes[0].destination.namespace: "team-a" needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope',
    ],
    [
      "a partition on CE",
      { destination: { service: "api", partition: "p1" } },
      'test/r: ServiceRouter.routes[0].destination.partition: "p1" needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope',
    ],
  ])("rejects %s", (_what, route, line) => {
    expect(problemsOf(() => new ServiceRouter(newStack(), "r", { service: "web", routes: [route as never] }))).toEqual([
      line,
    ]);
  });

  it("accepts a destination namespace and partition with Enterprise namespaces and partitions", () => {
    const stack = enterpriseStack();
    new ServiceRouter(stack, "r", {
      service: "web",
      routes: [{ destination: { service: "api", namespace: "team-a", partition: "p1" } }],
    });
    expect(onlyManifest(stack).spec).toEqual({
      routes: [{ destination: { service: "api", namespace: "team-a", partition: "p1" } }],
    });
  });
});

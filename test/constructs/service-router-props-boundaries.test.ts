import { Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ServiceRouter } from "../../constructs/service-router";
import { manifests } from "../support";
import { newStack, problemsOf, synthJson } from "./helpers";

// ServiceRouter's own props at each boundary (the service, the namespace), a route without a
// match, and routes added later: one case per message, and a router that synthesizes silently.

const LABEL =
  'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';
const route = { match: { http: { pathPrefix: "/v2" } }, destination: { serviceSubset: "v2" } };

describe("ServiceRouter props", () => {
  it("synthesizes a router with routes as a ServiceRouter custom resource", () => {
    // given
    const stack = newStack();
    // when
    new ServiceRouter(stack, "r", { service: "web", routes: [route] });
    // then
    expect(manifests(synthJson(stack)).map((m) => [m.kind, m.metadata.name, m.spec])).toEqual([
      ["ServiceRouter", "web", { routes: [route] }],
    ]);
  });

  it("passes validation at synth with its one route added later", () => {
    // given
    const stack = newStack();
    const provider = new KubernetesProvider(stack, "k8s", {});
    // when
    new ServiceRouter(stack, "r", { provider, service: "web" }).addRoute(route);
    // then
    expect(() => Testing.synth(stack, true)).not.toThrow();
  });

  it("refuses a missing service once, a service that is no label, and a namespace that is no label", () => {
    // given
    const make = (props: { service: string; namespace?: string }) => () =>
      new ServiceRouter(newStack(), "r", { ...props, routes: [route] });
    // when
    const problems = [problemsOf(make({ service: "" })), problemsOf(make({ service: "Web", namespace: "Apps" }))];
    // then
    expect(problems).toEqual([
      ['test/r: ServiceRouter.service: "" is required'],
      [`test/r: ServiceRouter.namespace: "Apps" ${LABEL}`, `test/r: ServiceRouter.service: "Web" ${LABEL}`],
    ]);
  });

  it("refuses a rewrite on a route without a match, and a destination service that is no label", () => {
    // given
    const routes = [{ destination: { prefixRewrite: "/", service: "API" } }];
    // when
    const problems = problemsOf(() => new ServiceRouter(newStack(), "r", { service: "web", routes }));
    // then
    expect(problems).toEqual([
      'test/r: ServiceRouter.routes[0].destination.prefixRewrite: "/" needs match.http.pathPrefix or match.http.pathExact on this route',
      `test/r: ServiceRouter.routes[0].destination.service: "API" ${LABEL}`,
    ]);
  });

  it("numbers a route added later after the given ones", () => {
    // given
    const r = new ServiceRouter(newStack(), "r", { service: "web", routes: [route] });
    // when
    const problems = problemsOf(() => r.addRoute({ destination: { service: "API" } }));
    // then
    expect(problems).toEqual([`test/r: ServiceRouter.routes[1].destination.service: "API" ${LABEL}`]);
  });
});

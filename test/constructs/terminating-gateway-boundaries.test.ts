import { TerminatingGateway } from "../../constructs/terminating-gateway";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

// TerminatingGateway at each boundary: the cert/key pair both ways, repeats per namespace, the gateway name.
describe("TerminatingGateway boundaries", () => {
  it("needs certFile and keyFile together, naming the missing one", () => {
    expect(
      problemsOf(() => new TerminatingGateway(newStack(), "t", { services: [{ name: "db", keyFile: "/k" }] })),
    ).toEqual(["test/t: TerminatingGateway.services[0].certFile: undefined is required when keyFile is set"]);
    expect(
      problemsOf(() => new TerminatingGateway(newStack(), "t", { services: [{ name: "db", certFile: "/c" }] })),
    ).toEqual(["test/t: TerminatingGateway.services[0].keyFile: undefined is required when certFile is set"]);
    expect(
      () =>
        new TerminatingGateway(newStack(), "t", {
          services: [{ name: "db", certFile: "/c", keyFile: "/k", caFile: "/ca" }],
        }),
    ).not.toThrow();
  });

  it("links a name once per namespace, across props and addService, and names the earlier entry", () => {
    const stack = enterpriseStack();
    const t = new TerminatingGateway(stack, "t", {
      gatewayName: "egress",
      services: [
        { name: "db", namespace: "a" },
        { name: "db", namespace: "b" },
      ],
    });
    expect(problemsOf(() => t.addService({ name: "db", namespace: "b" }))).toEqual([
      'test/t: TerminatingGateway.services[2].name: "db" is already linked (services[1])',
    ]);
    t.addService({ name: "db" });
    expect(problemsOf(() => t.addService({ name: "db" }))).toEqual([
      'test/t: TerminatingGateway.services[3].name: "db" is already linked (services[2])',
    ]);
    const m = onlyManifest(stack);
    expect(m.metadata.name).toBe("egress");
    expect(m.spec.services).toEqual([{ name: "db", namespace: "a" }, { name: "db", namespace: "b" }, { name: "db" }]);
  });

  it("checks the gateway name, the secret name and a required service name", () => {
    expect(
      problemsOf(
        () =>
          new TerminatingGateway(newStack(), "t", {
            gatewayName: "Egress",
            services: [{ name: "", secretRef: { name: "Tls" } }],
          }),
      ),
    ).toEqual([
      expect.stringMatching(/^test\/t: TerminatingGateway\.gatewayName: "Egress" is not a DNS-1123 label/),
      'test/t: TerminatingGateway.services[0].name: "" is required',
      expect.stringMatching(
        /^test\/t: TerminatingGateway\.services\[0\]\.secretRef\.name: "Tls" is not a DNS-1123 label/,
      ),
    ]);
  });

  it('allows "*" as a service name and namespace, and passes deployment through', () => {
    const stack = enterpriseStack();
    const t = new TerminatingGateway(stack, "t", {
      deployment: { logLevel: "debug" },
      services: [{ name: "*", namespace: "*" }, { name: "db" }],
    });
    expect(problemsOf(() => t.addService({ name: "db" }))).toEqual([
      'test/t: TerminatingGateway.services[2].name: "db" is already linked (services[1])',
    ]);
    expect(onlyManifest(stack).spec).toEqual({
      deployment: { logLevel: "debug" },
      services: [{ name: "*", namespace: "*" }, { name: "db" }],
    });
    expect(
      problemsOf(
        () => new TerminatingGateway(enterpriseStack(), "t", { services: [{ name: "db", namespace: "Team" }] }),
      ),
    ).toEqual([
      'test/t: TerminatingGateway.services[0].namespace: "Team" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters) or "*"',
    ]);
    expect(
      problemsOf(() => new TerminatingGateway(newStack(), "t", { services: [{ name: "db", namespace: "team" }] })),
    ).toEqual([
      'test/t: TerminatingGateway.services[0].namespace: "team" needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope',
    ]);
  });

  it("starts with no services when none are given, and links the ones added", () => {
    // given
    const stack = newStack();
    const t = new TerminatingGateway(stack, "t");
    // when
    t.addService({ name: "db" });
    // then
    expect(onlyManifest(stack).spec).toEqual({ services: [{ name: "db" }] });
  });

  it("names the kind in a bad Kubernetes namespace", () => {
    expect(problemsOf(() => new TerminatingGateway(newStack(), "t", { namespace: "Consul" }))).toEqual([
      'test/t: TerminatingGateway.namespace: "Consul" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
    ]);
  });
});

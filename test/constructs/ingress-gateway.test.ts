import { Testing } from "cdktf";
import { IngressGateway, type IngressGatewayProps } from "../../constructs/ingress-gateway";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

describe("IngressGateway", () => {
  it("renders TLS, defaults and listeners from props and addListener()", () => {
    const stack = newStack();
    new IngressGateway(stack, "g", {
      gatewayName: "edge",
      tls: { enabled: true, tlsMinVersion: "TLSv1_2" },
      defaults: { maxConnections: 512 },
    })
      .addListener({
        port: 8080,
        protocol: "http",
        services: [{ name: "web", hosts: ["web.example.com"] }, { name: "api" }],
      })
      .addListener({ port: 9000, protocol: "tcp", services: [{ name: "db" }] });
    const m = onlyManifest(stack);
    expect(m.metadata.name).toBe("edge");
    expect(m.spec).toEqual({
      defaults: { maxConnections: 512 },
      listeners: [
        { port: 8080, protocol: "http", services: [{ name: "web", hosts: ["web.example.com"] }, { name: "api" }] },
        { port: 9000, protocol: "tcp", services: [{ name: "db" }] },
      ],
      tls: { enabled: true, tlsMinVersion: "TLSv1_2" },
    });
  });

  it("is named ingress-gateway by default and needs a listener at synth", () => {
    const stack = newStack();
    new IngressGateway(stack, "g");
    expect(() => Testing.synth(stack, true)).toThrow(
      "test/g: IngressGateway.listeners: [] must have at least one listener; pass listeners or call addListener()",
    );
  });

  it.each([
    [
      "a missing protocol",
      { port: 8080, services: [{ name: "web" }] },
      "test/g: IngressGateway.listeners[0].protocol: undefined is required; use one of tcp, http, http2, grpc",
    ],
    [
      "two services on tcp",
      { port: 1, protocol: "tcp", services: [{ name: "a" }, { name: "b" }] },
      'test/g: IngressGateway.listeners[0].services: ["a","b"] has 2 services; a "tcp" listener takes one',
    ],
    [
      "the wildcard service on grpc",
      { port: 1, protocol: "grpc", services: [{ name: "*" }] },
      'test/g: IngressGateway.listeners[0].services[0].name: "*" needs protocol "http" (the listener\'s is "grpc")',
    ],
    [
      "hosts with the wildcard service",
      { port: 1, protocol: "http", services: [{ name: "*", hosts: ["a.example.com"] }] },
      'test/g: IngressGateway.listeners[0].services[0].hosts: ["a.example.com"] must be empty when name is "*"',
    ],
    [
      "hosts on tcp",
      { port: 1, protocol: "tcp", services: [{ name: "db", hosts: ["db.example.com"] }] },
      'test/g: IngressGateway.listeners[0].services[0].hosts: ["db.example.com"] must be empty when protocol is "tcp"',
    ],
    [
      "a zero connection limit",
      { port: 1, protocol: "http", services: [{ name: "web", maxConnections: 0 }] },
      "test/g: IngressGateway.listeners[0].services[0].maxConnections: 0 is not allowed; use an integer from 1 to 2147483647",
    ],
    [
      "a namespace on CE",
      { port: 1, protocol: "http", services: [{ name: "web", namespace: "t" }] },
      'test/g: IngressGateway.listeners[0].services[0].namespace: "t" needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope',
    ],
  ])("rejects %s", (_what, listener, line) => {
    expect(problemsOf(() => new IngressGateway(newStack(), "g", { listeners: [listener as never] }))).toEqual([line]);
  });

  it("rejects a listener port used twice and a bad TLS version", () => {
    const g = new IngressGateway(newStack(), "g", {
      listeners: [{ port: 8080, protocol: "http", services: [{ name: "web" }] }],
    });
    expect(
      problemsOf(() =>
        g.addListener({ port: 8080, protocol: "http", tls: { enabled: true, tlsMinVersion: "TLS1.2" as never } }),
      ),
    ).toEqual([
      "test/g: IngressGateway.listeners[1].port: 8080 is already a listener port",
      'test/g: IngressGateway.listeners[1].tls.tlsMinVersion: "TLS1.2" is not allowed; use one of "TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"',
    ]);
  });

  it("accepts namespaces and partitions with Enterprise", () => {
    // given
    const stack = enterpriseStack();
    const listeners: IngressGatewayProps["listeners"] = [
      { port: 1, protocol: "http", services: [{ name: "web", namespace: "t", partition: "p" }] },
    ];
    // when
    const create = () => new IngressGateway(stack, "g", { listeners });
    // then
    expect(create).not.toThrow();
  });
});

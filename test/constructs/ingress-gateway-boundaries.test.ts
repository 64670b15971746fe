import { IngressGateway } from "../../constructs/ingress-gateway";
import { newStack, onlyManifest, problemsOf } from "./helpers";

// IngressGateway listeners and limits at each boundary: ports, protocols, "*", tcp, limits and health checks.
const gw = (props: object) => () => new IngressGateway(newStack(), "g", props);

describe("IngressGateway boundaries", () => {
  it("accepts ports 1 and 65535, limits of 1, health-check percentages 0 and 100", () => {
    expect(
      gw({
        defaults: {
          maxConnections: 1,
          maxPendingRequests: 1,
          maxConcurrentRequests: 1,
          passiveHealthCheck: {
            interval: "10s",
            baseEjectionTime: "30s",
            enforcingConsecutive5xx: 0,
            maxEjectionPercent: 100,
          },
        },
        listeners: [
          { port: 1, protocol: "tcp", services: [{ name: "db" }] },
          { port: 65535, protocol: "http", services: [{ name: "*" }, { name: "web", hosts: ["a.example"] }] },
        ],
      }),
    ).not.toThrow();
  });

  it("refuses port 0 and 65536, limits of 0, percentages past 100, bad durations", () => {
    expect(
      problemsOf(
        gw({
          defaults: {
            maxConnections: 0,
            passiveHealthCheck: { interval: "10", enforcingConsecutive5xx: 101, maxEjectionPercent: -1 },
          },
          listeners: [
            { port: 0, protocol: "http", services: [{ name: "web" }] },
            { port: 65536, protocol: "http", services: [{ name: "web", maxPendingRequests: 0 }] },
          ],
        }),
      ),
    ).toEqual([
      "test/g: IngressGateway.defaults.maxConnections: 0 is not allowed; use an integer from 1 to 2147483647",
      'test/g: IngressGateway.defaults.passiveHealthCheck.interval: "10" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"',
      "test/g: IngressGateway.defaults.passiveHealthCheck.enforcingConsecutive5xx: 101 is not allowed; use an integer from 0 to 100",
      "test/g: IngressGateway.defaults.passiveHealthCheck.maxEjectionPercent: -1 is not allowed; use an integer from 0 to 100",
      "test/g: IngressGateway.listeners[0].port: 0 is not allowed; use an integer from 1 to 65535",
      "test/g: IngressGateway.listeners[1].port: 65536 is not allowed; use an integer from 1 to 65535",
      "test/g: IngressGateway.listeners[1].services[0].maxPendingRequests: 0 is not allowed; use an integer from 1 to 2147483647",
    ]);
  });

  it('needs a protocol, one service on tcp, http for "*", no hosts on "*" or tcp', () => {
    expect(
      problemsOf(
        gw({
          listeners: [
            { port: 80, services: [{ name: "web" }] },
            { port: 81, protocol: "tcp", services: [{ name: "a", hosts: ["x"] }, { name: "b" }] },
            { port: 82, protocol: "http2", services: [{ name: "*" }] },
            { port: 83, protocol: "http", services: [{ name: "*", hosts: ["x"] }, { name: "Web" }] },
          ],
        }),
      ),
    ).toEqual([
      "test/g: IngressGateway.listeners[0].protocol: undefined is required; use one of tcp, http, http2, grpc",
      'test/g: IngressGateway.listeners[1].services: ["a","b"] has 2 services; a "tcp" listener takes one',
      'test/g: IngressGateway.listeners[1].services[0].hosts: ["x"] must be empty when protocol is "tcp"',
      'test/g: IngressGateway.listeners[2].services[0].name: "*" needs protocol "http" (the listener\'s is "http2")',
      'test/g: IngressGateway.listeners[3].services[0].hosts: ["x"] must be empty when name is "*"',
      expect.stringMatching(
        /^test\/g: IngressGateway\.listeners\[3\]\.services\[1\]\.name: "Web" is not a DNS-1123 label/,
      ),
    ]);
  });
});

describe("IngressGateway boundaries: field paths and rendering", () => {
  it("names each field in its message", () => {
    const [err] = problemsOf(
      gw({ namespace: "Ns", listeners: [{ port: 1, protocol: "http", services: [{ name: "a" }] }] }),
    );
    expect(err).toMatch(/^test\/g: IngressGateway\.namespace: "Ns" is not a DNS-1123 label/);
    expect(
      problemsOf(
        gw({
          gatewayName: "Gw",
          tls: { tlsMaxVersion: "TLSv9" },
          defaults: { passiveHealthCheck: { baseEjectionTime: "30" } },
          listeners: [{ port: 1, services: [{ name: "a", partition: "p" }] }],
        }),
      ),
    ).toEqual([
      expect.stringMatching(/^test\/g: IngressGateway\.gatewayName: "Gw" is not a DNS-1123 label/),
      expect.stringMatching(/^test\/g: IngressGateway\.tls\.tlsMaxVersion: "TLSv9" is not allowed; use one of /),
      'test/g: IngressGateway.defaults.passiveHealthCheck.baseEjectionTime: "30" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"',
      "test/g: IngressGateway.listeners[0].protocol: undefined is required; use one of tcp, http, http2, grpc",
      'test/g: IngressGateway.listeners[0].services[0].partition: "p" needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope',
    ]);
  });

  it("names the listener's protocol when it is unknown", () => {
    expect(problemsOf(gw({ listeners: [{ port: 1, protocol: "udp", services: [{ name: "a" }] }] }))).toEqual([
      'test/g: IngressGateway.listeners[0].protocol: "udp" is not allowed; use one of "tcp", "http", "http2", "grpc"',
    ]);
  });

  it('renders kind IngressGateway named "ingress-gateway" by default, and a listener without services', () => {
    const stack = newStack();
    const g = new IngressGateway(stack, "g", { listeners: [{ port: 8080, protocol: "http" }] });
    const m = onlyManifest(stack);
    expect([m.kind, m.metadata.name, m.spec]).toEqual([
      "IngressGateway",
      "ingress-gateway",
      { listeners: [{ port: 8080, protocol: "http" }] },
    ]);
    expect(g.node.validate()).toEqual([]);
  });
});

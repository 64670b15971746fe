import { TerraformStack, TerraformVariable } from "cdktf";
import {
  ServiceDefaults,
  ServiceDefaultsProps,
  UpstreamOverride,
  buildServiceDefaultsSpec,
} from "../../constructs/service-defaults";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

// ServiceDefaults at each boundary: every field's path in its message, integer floors (0 or 1) and
// ceilings (100, 65535), destination addresses and port, rate-limit routes, and the Enterprise-only
// fields on a CE target.
const sd =
  (props: Partial<ServiceDefaultsProps>, stack: TerraformStack = newStack()) =>
  () =>
    new ServiceDefaults(stack, "sd", { service: "a", ...props });
const S = "test/sd: ServiceDefaults";
const INT = (min: number, max = 2147483647) => `is not allowed; use an integer from ${min} to ${max}`;

describe("ServiceDefaults boundaries", () => {
  it("stays silent on every field at its lowest and highest allowed value", () => {
    const upstream = {
      protocol: "grpc",
      connectTimeoutMs: 1,
      meshGatewayMode: "remote",
      envoyClusterJSON: "{}",
      envoyListenerJSON: "[]",
      limits: { maxConnections: 0, maxPendingRequests: 0, maxConcurrentRequests: 0 },
      passiveHealthCheck: {
        interval: "1m30s",
        baseEjectionTime: "0",
        maxFailures: 0,
        enforcingConsecutive5xx: 0,
        maxEjectionPercent: 100,
      },
    } as const;
    expect(
      sd({
        protocol: "tcp",
        meshGatewayMode: "none",
        mutualTLSMode: "permissive",
        maxInboundConnections: 1,
        localConnectTimeoutMs: 1,
        localRequestTimeoutMs: 1,
        balanceInboundConnections: "exact_balance",
        upstreamDefaults: upstream,
        upstreamOverrides: [
          {
            ...upstream,
            name: "c",
            peer: "cloud",
            passiveHealthCheck: { enforcingConsecutive5xx: 100, maxEjectionPercent: 0 },
          },
        ],
        destination: { addresses: ["10.0.0.1", "api.example.com", "fd00::1", "::1", "a"], port: 1 },
        expose: { paths: [{ path: "/health", protocol: "http2", listenerPort: 65535, localPathPort: 1 }] },
        envoyExtensions: [{ name: "builtin/lua", arguments: {} }],
        transparentProxy: { outboundListenerPort: 0 },
      }),
    ).not.toThrow();
    expect(sd({ destination: { addresses: ["b"], port: 65535 } })).not.toThrow();
    const stack = newStack();
    const address = new TerraformVariable(stack, "address", { type: "string" }).stringValue;
    expect(sd({ destination: { addresses: [address], port: 443 } }, stack)).not.toThrow();
    expect(
      sd(
        {
          rateLimits: {
            instanceLevel: {
              requestsPerSecond: 0,
              requestsMaxBurst: 0,
              routes: [{ pathPrefix: "/", requestsPerSecond: 1, requestsMaxBurst: 0 }],
            },
          },
        },
        enterpriseStack(),
      ),
    ).not.toThrow();
  });

  it("names each top-level field in its message", () => {
    expect(
      problemsOf(
        sd({
          namespace: "Consul",
          mutualTLSMode: "STRICT" as never,
          maxInboundConnections: 0,
          localRequestTimeoutMs: 0,
          balanceInboundConnections: "round_robin" as never,
          expose: { paths: [{ path: "health", protocol: "tcp", listenerPort: 0, localPathPort: 65536 }] },
          envoyExtensions: [{ name: "", arguments: [] as never }],
          mode: "transparent",
        }),
      ),
    ).toEqual([
      `${S}.namespace: "Consul" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)`,
      `${S}.mutualTLSMode: "STRICT" is not allowed; use one of "strict", "permissive"`,
      `${S}.maxInboundConnections: 0 ${INT(1)}`,
      `${S}.localRequestTimeoutMs: 0 ${INT(1)}`,
      `${S}.balanceInboundConnections: "round_robin" is not allowed; use one of "exact_balance"`,
      `${S}.expose.paths[0].path: "health" must begin with "/"`,
      `${S}.expose.paths[0].protocol: "tcp" is not allowed; use "http" or "http2"`,
      `${S}.expose.paths[0].listenerPort: 0 ${INT(1, 65535)}`,
      `${S}.expose.paths[0].localPathPort: 65536 ${INT(1, 65535)}`,
      `${S}.envoyExtensions[0].name: "" is required`,
      `${S}.envoyExtensions[0].arguments: [] must be an object`,
      `${S}.mode: "transparent" cannot be set on Kubernetes; use the pod annotation consul.hashicorp.com/transparent-proxy`,
    ]);
  });

  it("reports a missing service once, as required, not also as a bad label", () => {
    expect(problemsOf(sd({ service: "" }))).toEqual([`${S}.service: "" is required`]);
    expect(problemsOf(sd({ service: undefined }))).toEqual([`${S}.service: undefined is required`]);
  });

  it("checks upstream defaults field by field, limits included", () => {
    expect(
      problemsOf(
        sd({
          upstreamDefaults: {
            envoyClusterJSON: "{",
            envoyListenerJSON: "nope",
            protocol: "udp" as never,
            meshGatewayMode: "all" as never,
            connectTimeoutMs: 0,
            limits: { maxConnections: -1, maxPendingRequests: -1, maxConcurrentRequests: 1.5 },
            passiveHealthCheck: {
              interval: "1",
              baseEjectionTime: "30",
              maxFailures: 0.5,
              enforcingConsecutive5xx: -1,
              maxEjectionPercent: 101,
            },
          },
        }),
      ),
    ).toEqual([
      `${S}.upstreamDefaults.envoyClusterJSON: "{" is not valid JSON`,
      `${S}.upstreamDefaults.envoyListenerJSON: "nope" is not valid JSON`,
      `${S}.upstreamDefaults.protocol: "udp" is not allowed; use one of "tcp", "http", "http2", "grpc"`,
      `${S}.upstreamDefaults.meshGatewayMode: "all" is not allowed; use one of "none", "local", "remote"`,
      `${S}.upstreamDefaults.connectTimeoutMs: 0 ${INT(1)}`,
      `${S}.upstreamDefaults.limits.maxConnections: -1 ${INT(0)}`,
      `${S}.upstreamDefaults.limits.maxPendingRequests: -1 ${INT(0)}`,
      `${S}.upstreamDefaults.limits.maxConcurrentRequests: 1.5 ${INT(0)}`,
      `${S}.upstreamDefaults.passiveHealthCheck.interval: "1" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"`,
      `${S}.upstreamDefaults.passiveHealthCheck.baseEjectionTime: "30" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"`,
      `${S}.upstreamDefaults.passiveHealthCheck.maxFailures: 0.5 ${INT(0)}`,
      `${S}.upstreamDefaults.passiveHealthCheck.enforcingConsecutive5xx: -1 ${INT(0, 100)}`,
      `${S}.upstreamDefaults.passiveHealthCheck.maxEjectionPercent: 101 ${INT(0, 100)}`,
    ]);
  });

  it("refuses each override-only field in upstream defaults", () => {
    expect(problemsOf(sd({ upstreamDefaults: { name: "c", consulNamespace: "ns", partition: "p" } as never }))).toEqual(
      [
        `${S}.upstreamDefaults.name: "c" is not allowed in upstream defaults; use an upstream override`,
        `${S}.upstreamDefaults.consulNamespace: "ns" is not allowed in upstream defaults; use an upstream override`,
        `${S}.upstreamDefaults.partition: "p" is not allowed in upstream defaults; use an upstream override`,
      ],
    );
  });

  it("indexes override messages, also for overrides added after the props' own", () => {
    const o: UpstreamOverride[] = [{ name: "b" }, { name: "B", peer: "Cloud", protocol: "udp" as never }];
    expect(problemsOf(sd({ upstreamOverrides: o }))).toEqual([
      `${S}.upstreamOverrides[1].name: "B" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)`,
      `${S}.upstreamOverrides[1].peer: "Cloud" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)`,
      `${S}.upstreamOverrides[1].protocol: "udp" is not allowed; use one of "tcp", "http", "http2", "grpc"`,
    ]);
    const made = sd({ upstreamOverrides: [{ name: "b" }] })();
    expect(problemsOf(() => made.addUpstreamOverride({ name: "" }))).toEqual([
      `${S}.upstreamOverrides[1].name: "" is required`,
    ]);
  });

  it("reports a wildcard peer once, as a wildcard, not also as a bad label", () => {
    expect(problemsOf(sd({ upstreamOverrides: [{ name: "c", peer: "on*" }] }))).toEqual([
      `${S}.upstreamOverrides[0].peer: "on*" is not allowed; name one peer`,
    ]);
  });

  it("refuses a namespace or a partition together with a peer, and allows each without one", () => {
    const stack = enterpriseStack();
    expect(
      problemsOf(
        sd({ upstreamOverrides: [{ name: "c", peer: "cloud", consulNamespace: "ns", partition: "p" }] }, stack),
      ),
    ).toEqual([
      `${S}.upstreamOverrides[0].consulNamespace: "ns" cannot be set together with peer; set one`,
      `${S}.upstreamOverrides[0].partition: "p" cannot be set together with peer; set one`,
    ]);
    expect(
      sd({ upstreamOverrides: [{ name: "c", consulNamespace: "ns", partition: "p" }] }, enterpriseStack()),
    ).not.toThrow();
  });

  it("needs Enterprise namespaces, partitions and edition for those fields on a CE target", () => {
    expect(
      problemsOf(
        sd({
          upstreamOverrides: [{ name: "c", consulNamespace: "ns", partition: "p" }],
          rateLimits: { instanceLevel: { requestsPerSecond: 1 } },
        }),
      ),
    ).toEqual([
      `${S}.upstreamOverrides[0].consulNamespace: "ns" needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope`,
      `${S}.upstreamOverrides[0].partition: "p" needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope`,
      `${S}.rateLimits: {"instanceLevel":{"requestsPerSecond":1}} needs Consul Enterprise (service rate limits); set ConsulTarget { edition: "enterprise" } on the scope`,
    ]);
    const made = sd({})();
    expect(problemsOf(() => made.addUpstreamOverride({ name: "c", partition: "p" }))).toEqual([
      `${S}.upstreamOverrides[0].partition: "p" needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope`,
    ]);
  });

  it("checks destination addresses (format, duplicates, at least one) and the port range", () => {
    const D = `${S}.destination`;
    expect(
      problemsOf(
        sd({ destination: { addresses: ["-a", "a-", "a b", "10.0.0.1", "10.0.0.1", "a:b", ":::"], port: 0 } }),
      ),
    ).toEqual([
      `${D}.addresses[0]: "-a" is not an IP address or hostname`,
      `${D}.addresses[1]: "a-" is not an IP address or hostname`,
      `${D}.addresses[2]: "a b" is not an IP address or hostname`,
      `${D}.addresses[4]: "10.0.0.1" is listed more than once`,
      `${D}.addresses[5]: "a:b" is not an IP address or hostname`,
      `${D}.addresses[6]: ":::" is not an IP address or hostname`,
      `${D}.port: 0 ${INT(1, 65535)}`,
    ]);
    expect(problemsOf(sd({ destination: { addresses: [], port: 65536 } }))).toEqual([
      `${D}.addresses: [] must name at least one IP address or hostname`,
      `${D}.port: 65536 ${INT(1, 65535)}`,
    ]);
    expect(problemsOf(sd({ destination: {} }))).toEqual([
      `${D}.addresses: [] must name at least one IP address or hostname`,
      `${D}.port: undefined is required`,
    ]);
  });

  it("checks rate-limit rates and that each route sets exactly one path matcher", () => {
    const L = `${S}.rateLimits.instanceLevel`;
    expect(
      problemsOf(
        sd(
          {
            rateLimits: {
              instanceLevel: {
                requestsPerSecond: -1,
                requestsMaxBurst: -1,
                routes: [
                  { pathExact: "/a", pathPrefix: "/", requestsPerSecond: 0, requestsMaxBurst: -1 },
                  {},
                  { pathRegex: "/.*" },
                ],
              },
            },
          },
          enterpriseStack(),
        ),
      ),
    ).toEqual([
      `${L}.requestsPerSecond: -1 ${INT(0)}`,
      `${L}.requestsMaxBurst: -1 ${INT(0)}`,
      `${L}.routes[0]: {"pathExact":"/a","pathPrefix":"/","requestsPerSecond":0,"requestsMaxBurst":-1} must set exactly one of pathExact, pathPrefix, pathRegex`,
      `${L}.routes[0].requestsPerSecond: 0 ${INT(1)}`,
      `${L}.routes[0].requestsMaxBurst: -1 ${INT(0)}`,
      `${L}.routes[1]: {} must set exactly one of pathExact, pathPrefix, pathRegex`,
    ]);
  });

  it("renders no upstreamConfig without upstream settings, and only the part that is set", () => {
    const a = newStack();
    new ServiceDefaults(a, "sd", { service: "a", protocol: "http" });
    expect(onlyManifest(a).spec).toEqual({ protocol: "http" });
    const b = enterpriseStack();
    new ServiceDefaults(b, "sd", {
      service: "a",
      upstreamOverrides: [{ name: "c", consulNamespace: "ns", partition: "p", limits: { maxConnections: 1 } }],
    });
    expect(buildServiceDefaultsSpec({ service: "a" }).upstreamConfig).toBeUndefined();
    expect(onlyManifest(b).spec).toEqual({
      upstreamConfig: { overrides: [{ name: "c", namespace: "ns", partition: "p", limits: { maxConnections: 1 } }] },
    });
  });
});

/** The spec fields the existing kinds gained: each renders, and each webhook rule on it rejects. */
import { Mesh } from "../../constructs/mesh";
import { ProxyDefaults } from "../../constructs/proxy-defaults";
import { ServiceDefaults } from "../../constructs/service-defaults";
import { ServiceIntentions } from "../../constructs/service-intentions";
import { ServiceResolver } from "../../constructs/service-resolver";
import { TerminatingGateway } from "../../constructs/terminating-gateway";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

describe("ServiceDefaults", () => {
  it("renders transparentProxy, expose, envoyExtensions, destination, balanceInboundConnections and upstream JSON", () => {
    const stack = newStack();
    new ServiceDefaults(stack, "sd", {
      service: "web",
      transparentProxy: { dialedDirectly: true },
      expose: { checks: true, paths: [{ path: "/metrics", localPathPort: 8080, listenerPort: 21500 }] },
      envoyExtensions: [{ name: "builtin/lua", arguments: { Script: "x" } }],
      balanceInboundConnections: "exact_balance",
      externalSNI: "web.example.com",
      upstreamDefaults: { envoyClusterJSON: '{"name":"c"}' },
    });
    expect(onlyManifest(stack).spec).toEqual({
      transparentProxy: { dialedDirectly: true },
      expose: { checks: true, paths: [{ path: "/metrics", localPathPort: 8080, listenerPort: 21500 }] },
      envoyExtensions: [{ name: "builtin/lua", arguments: { Script: "x" } }],
      balanceInboundConnections: "exact_balance",
      externalSNI: "web.example.com",
      upstreamConfig: { defaults: { envoyClusterJSON: '{"name":"c"}' } },
    });
  });

  it("rejects what consul-k8s sets per pod on Kubernetes: mode and the outbound listener port", () => {
    expect(
      problemsOf(
        () =>
          new ServiceDefaults(newStack(), "sd", {
            service: "web",
            mode: "transparent",
            transparentProxy: { outboundListenerPort: 15001 },
          }),
      ),
    ).toEqual([
      'test/sd: ServiceDefaults.mode: "transparent" cannot be set on Kubernetes; use the pod annotation consul.hashicorp.com/transparent-proxy',
      "test/sd: ServiceDefaults.transparentProxy.outboundListenerPort: 15001 cannot be set on Kubernetes; use the pod annotation consul.hashicorp.com/transparent-proxy-outbound-listener-port",
    ]);
  });

  it("rejects a bad expose path, extension, destination, balance mode and upstream JSON", () => {
    expect(
      problemsOf(
        () =>
          new ServiceDefaults(newStack(), "sd", {
            service: "web",
            expose: { paths: [{ path: "metrics", protocol: "grpc", listenerPort: 0 }] },
            envoyExtensions: [{ arguments: { a: 1 } }],
            destination: { addresses: ["a.example.com", "a.example.com", "not an address"] },
            balanceInboundConnections: "round_robin" as never,
            upstreamDefaults: { envoyListenerJSON: "{" },
          }),
      ),
    ).toEqual([
      'test/sd: ServiceDefaults.upstreamDefaults.envoyListenerJSON: "{" is not valid JSON',
      'test/sd: ServiceDefaults.balanceInboundConnections: "round_robin" is not allowed; use one of "exact_balance"',
      'test/sd: ServiceDefaults.expose.paths[0].path: "metrics" must begin with "/"',
      'test/sd: ServiceDefaults.expose.paths[0].protocol: "grpc" is not allowed; use "http" or "http2"',
      "test/sd: ServiceDefaults.expose.paths[0].listenerPort: 0 is not allowed; use an integer from 1 to 65535",
      "test/sd: ServiceDefaults.envoyExtensions[0].name: undefined is required",
      'test/sd: ServiceDefaults.destination.addresses[1]: "a.example.com" is listed more than once',
      'test/sd: ServiceDefaults.destination.addresses[2]: "not an address" is not an IP address or hostname',
      "test/sd: ServiceDefaults.destination.port: undefined is required",
    ]);
  });

  it("takes rate limits only with Consul Enterprise", () => {
    const rateLimits = {
      instanceLevel: { requestsPerSecond: 10, routes: [{ pathPrefix: "/api", requestsPerSecond: 5 }] },
    };
    expect(problemsOf(() => new ServiceDefaults(newStack(), "sd", { service: "web", rateLimits }))).toEqual([
      'test/sd: ServiceDefaults.rateLimits: {"instanceLevel":{"requestsPerSecond":10,"routes":[{"pathPrefix":"/api","requestsPerSecond":5}]}} needs Consul Enterprise (service rate limits); set ConsulTarget { edition: "enterprise" } on the scope',
    ]);
    const stack = enterpriseStack();
    new ServiceDefaults(stack, "sd", { service: "web", rateLimits });
    expect(onlyManifest(stack).spec).toEqual({ rateLimits });
    expect(
      problemsOf(
        () =>
          new ServiceDefaults(enterpriseStack(), "sd", {
            service: "web",
            rateLimits: { instanceLevel: { routes: [{ pathExact: "/a", pathPrefix: "/b", requestsPerSecond: 0 }] } },
          }),
      ),
    ).toEqual([
      'test/sd: ServiceDefaults.rateLimits.instanceLevel.routes[0]: {"pathExact":"/a","pathPrefix":"/b","requestsPerSecond":0} must set exactly one of pathExact, pathPrefix, pathRegex',
      "test/sd: ServiceDefaults.rateLimits.instanceLevel.routes[0].requestsPerSecond: 0 is not allowed; use an integer from 1 to 2147483647",
    ]);
  });
});

describe("ProxyDefaults", () => {
  it("renders failover policy, locality, expose and extensions; rejects unknown modes and the proxy mode on Kubernetes", () => {
    const stack = newStack();
    new ProxyDefaults(stack, "pd", {
      failoverPolicy: { mode: "order-by-locality", regions: ["eu-west-1"] },
      prioritizeByLocality: { mode: "failover" },
      expose: { checks: true },
    });
    expect(onlyManifest(stack).spec).toEqual({
      failoverPolicy: { mode: "order-by-locality", regions: ["eu-west-1"] },
      prioritizeByLocality: { mode: "failover" },
      expose: { checks: true },
    });
    expect(
      problemsOf(
        () => new ProxyDefaults(newStack(), "pd", { mode: "direct", failoverPolicy: { mode: "random" as never } }),
      ),
    ).toEqual([
      'test/pd: ProxyDefaults.mode: "direct" cannot be set on Kubernetes; use the pod annotation consul.hashicorp.com/transparent-proxy',
      'test/pd: ProxyDefaults.failoverPolicy.mode: "random" is not allowed; use one of "sequential", "order-by-locality"',
    ]);
  });
});

describe("Mesh", () => {
  it("renders TLS per direction with cipher suites, HTTP normalization and validateClusters", () => {
    const stack = newStack();
    new Mesh(stack, "m", {
      tls: {
        incoming: { tlsMinVersion: "TLSv1_3" },
        outgoing: { tlsMinVersion: "TLSv1_2", cipherSuites: ["TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"] },
      },
      http: {
        sanitizeXForwardedClientCert: true,
        incoming: { requestNormalization: { mergeSlashes: true, headersWithUnderscoresAction: "REJECT_REQUEST" } },
      },
      validateClusters: true,
    });
    expect(onlyManifest(stack).spec).toEqual({
      peering: { peerThroughMeshGateways: true },
      tls: {
        incoming: { tlsMinVersion: "TLSv1_3" },
        outgoing: { tlsMinVersion: "TLSv1_2", cipherSuites: ["TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"] },
      },
      http: {
        sanitizeXForwardedClientCert: true,
        incoming: { requestNormalization: { mergeSlashes: true, headersWithUnderscoresAction: "REJECT_REQUEST" } },
      },
      validateClusters: true,
    });
  });

  it("rejects an inverted TLS range in one direction, and tls with the both-direction shorthand", () => {
    expect(
      problemsOf(
        () =>
          new Mesh(newStack(), "m", {
            tlsMinVersion: "TLSv1_2",
            tls: { incoming: { tlsMinVersion: "TLSv1_3", tlsMaxVersion: "TLSv1_2" } },
          }),
      ),
    ).toEqual([
      'test/m: Mesh.tls.incoming.tlsMinVersion: "TLSv1_3" is above tlsMaxVersion "TLSv1_2"',
      'test/m: Mesh.tls: {"incoming":{"tlsMinVersion":"TLSv1_3","tlsMaxVersion":"TLSv1_2"}} cannot be set together with tlsMinVersion/tlsMaxVersion; use one',
    ]);
  });
});

describe("ServiceResolver", () => {
  it("renders a ring-hash load balancer and locality preference", () => {
    const stack = newStack();
    const loadBalancer = {
      policy: "ring_hash" as const,
      ringHashConfig: { minimumRingSize: 1024 },
      hashPolicies: [
        { field: "cookie" as const, fieldValue: "session", cookieConfig: { ttl: "1h" } },
        { sourceIP: true },
      ],
    };
    new ServiceResolver(stack, "r", { service: "web", loadBalancer, prioritizeByLocality: { mode: "failover" } });
    expect(onlyManifest(stack).spec).toEqual({ loadBalancer, prioritizeByLocality: { mode: "failover" } });
  });

  it("rejects hash policies without a hashing policy, and malformed hash policies", () => {
    expect(
      problemsOf(
        () =>
          new ServiceResolver(newStack(), "r", {
            service: "web",
            loadBalancer: {
              policy: "least_request",
              ringHashConfig: { minimumRingSize: 1 },
              hashPolicies: [
                { field: "header" },
                { sourceIP: true, field: "cookie", fieldValue: "s" },
                { field: "header", fieldValue: "h", cookieConfig: { session: true, ttl: "1h" } },
              ],
            },
          }),
      ),
    ).toEqual([
      'test/r: ServiceResolver.loadBalancer.hashPolicies: [{"field":"header"},{"sourceIP":true,"field":"cookie","fieldValue":"s"},{"field":"header","fieldValue":"h","cookieConfig":{"session":true,"ttl":"1h"}}] need policy "ring_hash" or "maglev"',
      'test/r: ServiceResolver.loadBalancer.ringHashConfig: {"minimumRingSize":1} needs policy "ring_hash"',
      "test/r: ServiceResolver.loadBalancer.hashPolicies[0].fieldValue: undefined is required with field",
      'test/r: ServiceResolver.loadBalancer.hashPolicies[1]: {"sourceIP":true,"field":"cookie","fieldValue":"s"} sets sourceIP and field; set one',
      'test/r: ServiceResolver.loadBalancer.hashPolicies[2].cookieConfig: {"session":true,"ttl":"1h"} needs field "cookie"',
      'test/r: ServiceResolver.loadBalancer.hashPolicies[2].cookieConfig.ttl: "1h" cannot be set together with session',
    ]);
  });
});

describe("ServiceIntentions", () => {
  it("renders JWT requirements for the destination and per permission", () => {
    const stack = newStack();
    new ServiceIntentions(stack, "i", {
      destination: "web",
      jwt: { providers: [{ name: "okta", verifyClaims: [{ path: ["aud"], value: "web" }] }] },
      sources: [
        {
          name: "api",
          permissions: [
            {
              action: "allow",
              http: { pathPrefix: "/admin" },
              jwt: { providers: [{ name: "okta", verifyClaims: [{ path: ["roles"], value: "admin" }] }] },
            },
          ],
        },
      ],
    });
    expect(onlyManifest(stack).spec).toEqual({
      destination: { name: "web" },
      jwt: { providers: [{ name: "okta", verifyClaims: [{ path: ["aud"], value: "web" }] }] },
      sources: [
        {
          name: "api",
          permissions: [
            {
              action: "allow",
              http: { pathPrefix: "/admin" },
              jwt: { providers: [{ name: "okta", verifyClaims: [{ path: ["roles"], value: "admin" }] }] },
            },
          ],
        },
      ],
    });
  });

  it("rejects a JWT provider without a name and a claim without a path", () => {
    expect(
      problemsOf(
        () =>
          new ServiceIntentions(newStack(), "i", {
            destination: "web",
            jwt: { providers: [{ verifyClaims: [{ value: "x" }] }] },
            sources: [{ name: "a", action: "allow" }],
          }),
      ),
    ).toEqual([
      "test/i: ServiceIntentions.jwt.providers[0].name: undefined is required",
      'test/i: ServiceIntentions.jwt.providers[0].verifyClaims[0].path: undefined must name the claim, e.g. ["aud"]',
    ]);
  });
});

describe("TerminatingGateway", () => {
  it("renders a service's secretRef and a managed deployment", () => {
    const stack = newStack();
    new TerminatingGateway(stack, "t", {
      services: [{ name: "db", secretRef: { name: "db-creds" } }],
      deployment: { replicas: 2 },
    });
    expect(onlyManifest(stack).spec).toEqual({
      services: [{ name: "db", secretRef: { name: "db-creds" } }],
      deployment: { replicas: 2 },
    });
  });
});

import { Testing } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { ServiceDefaults } from "../../constructs/service-defaults";
import { enterpriseStack, newStack, onlyManifest, problemsOf } from "./helpers";

describe("ServiceDefaults", () => {
  it("renders protocol, gateway mode and a peered upstream override with a passive health check", () => {
    const synthed = Testing.synthScope(
      (scope) =>
        new ServiceDefaults(scope, "sd", {
          service: "a",
          protocol: "http",
          meshGatewayMode: "local",
          upstreamOverrides: [
            {
              name: "c",
              peer: "onprem",
              passiveHealthCheck: { interval: "10s", maxFailures: 3, enforcingConsecutive5xx: 100 },
            },
          ],
        }),
    );
    expect(synthed).toHaveResourceWithProperties(Manifest, {
      manifest: {
        apiVersion: "consul.hashicorp.com/v1alpha1",
        kind: "ServiceDefaults",
        metadata: { name: "a", namespace: "consul" },
        spec: {
          protocol: "http",
          meshGateway: { mode: "local" },
          upstreamConfig: {
            overrides: [
              {
                name: "c",
                peer: "onprem",
                passiveHealthCheck: { interval: "10s", maxFailures: 3, enforcingConsecutive5xx: 100 },
              },
            ],
          },
        },
      },
    });
  });

  it("renders upstream defaults and overrides added later", () => {
    const stack = newStack();
    const sd = new ServiceDefaults(stack, "sd", {
      service: "a",
      upstreamDefaults: { connectTimeoutMs: 2000, limits: { maxConnections: 100 } },
    });
    sd.addUpstreamOverride({ name: "c", peer: "cloud", protocol: "http", meshGatewayMode: "local" });
    expect(onlyManifest(stack).spec).toEqual({
      upstreamConfig: {
        defaults: { connectTimeoutMs: 2000, limits: { maxConnections: 100 } },
        overrides: [{ name: "c", peer: "cloud", protocol: "http", meshGateway: { mode: "local" } }],
      },
    });
  });

  it("rejects an unknown protocol and gateway mode", () => {
    expect(
      problemsOf(
        () =>
          new ServiceDefaults(newStack(), "sd", {
            service: "a",
            protocol: "HTTP" as never,
            meshGatewayMode: "all" as never,
          }),
      ),
    ).toEqual([
      'test/sd: ServiceDefaults.protocol: "HTTP" is not allowed; use one of "tcp", "http", "http2", "grpc"',
      'test/sd: ServiceDefaults.meshGatewayMode: "all" is not allowed; use one of "none", "local", "remote"',
    ]);
  });

  it("rejects a service name that is not a DNS label", () => {
    // given
    const stack = newStack();
    // when
    const problems = problemsOf(() => new ServiceDefaults(stack, "sd", { service: "A.b" }));
    // then
    expect(problems[0]).toMatch(/^test\/sd: ServiceDefaults\.service: "A\.b" is not a DNS-1123 label/);
  });

  it("rejects an override without name, with a wildcard peer, or with peer and partition", () => {
    const sd = new ServiceDefaults(enterpriseStack(), "sd", { service: "a" });
    expect(problemsOf(() => sd.addUpstreamOverride({ name: "", peer: "*" }))).toEqual([
      'test/sd: ServiceDefaults.upstreamOverrides[0].name: "" is required',
      'test/sd: ServiceDefaults.upstreamOverrides[0].peer: "*" is not allowed; name one peer',
    ]);
    expect(problemsOf(() => sd.addUpstreamOverride({ name: "c", peer: "onprem", partition: "p" }))).toEqual([
      'test/sd: ServiceDefaults.upstreamOverrides[0].partition: "p" cannot be set together with peer; set one',
    ]);
  });

  it("rejects bad passive health check values", () => {
    const p = problemsOf(
      () =>
        new ServiceDefaults(newStack(), "sd", {
          service: "a",
          upstreamOverrides: [
            { name: "c", passiveHealthCheck: { interval: "10", maxFailures: -1, enforcingConsecutive5xx: 150 } },
          ],
        }),
    );
    expect(p).toEqual([
      'test/sd: ServiceDefaults.upstreamOverrides[0].passiveHealthCheck.interval: "10" is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"',
      "test/sd: ServiceDefaults.upstreamOverrides[0].passiveHealthCheck.maxFailures: -1 is not allowed; use an integer from 0 to 2147483647",
      "test/sd: ServiceDefaults.upstreamOverrides[0].passiveHealthCheck.enforcingConsecutive5xx: 150 is not allowed; use an integer from 0 to 100",
    ]);
  });

  it("rejects names and peers in upstream defaults, and non-positive timeouts", () => {
    const p = problemsOf(
      () =>
        new ServiceDefaults(newStack(), "sd", {
          service: "a",
          localConnectTimeoutMs: 0,
          upstreamDefaults: { peer: "onprem" } as never,
        }),
    );
    expect(p).toEqual([
      "test/sd: ServiceDefaults.localConnectTimeoutMs: 0 is not allowed; use an integer from 1 to 2147483647",
      'test/sd: ServiceDefaults.upstreamDefaults.peer: "onprem" is not allowed in upstream defaults; use an upstream override',
    ]);
  });
});

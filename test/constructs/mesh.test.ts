import { Testing } from "cdktf";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Mesh } from "../../constructs/mesh";
import { ProxyDefaults } from "../../constructs/proxy-defaults";
import { newStack, onlyManifest, problemsOf } from "./helpers";

describe("Mesh", () => {
  it("is the singleton 'mesh' and peers through mesh gateways by default", () => {
    const synthed = Testing.synthScope((scope) => new Mesh(scope, "m"));
    expect(synthed).toHaveResourceWithProperties(Manifest, {
      manifest: {
        apiVersion: "consul.hashicorp.com/v1alpha1",
        kind: "Mesh",
        metadata: { name: "mesh", namespace: "consul" },
        spec: { peering: { peerThroughMeshGateways: true } },
      },
    });
  });

  it("renders TLS versions for both directions and the permissive-mTLS switch", () => {
    const stack = newStack();
    new Mesh(stack, "m", {
      tlsMinVersion: "TLSv1_2",
      tlsMaxVersion: "TLSv1_3",
      allowEnablingPermissiveMutualTLS: false,
      peerThroughMeshGateways: false,
      namespace: "mesh",
    });
    const m = onlyManifest(stack);
    expect(m.metadata.namespace).toBe("mesh");
    expect(m.spec).toEqual({
      peering: { peerThroughMeshGateways: false },
      tls: {
        incoming: { tlsMinVersion: "TLSv1_2", tlsMaxVersion: "TLSv1_3" },
        outgoing: { tlsMinVersion: "TLSv1_2", tlsMaxVersion: "TLSv1_3" },
      },
      allowEnablingPermissiveMutualTLS: false,
    });
  });

  it("rejects an unknown TLS version", () => {
    const stack = newStack();
    expect(problemsOf(() => new Mesh(stack, "m", { tlsMinVersion: "TLSv1.2" as never }))).toEqual([
      'test/m: Mesh.tlsMinVersion: "TLSv1.2" is not allowed; use one of "TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"',
    ]);
  });

  it("rejects a min TLS version above the max", () => {
    const stack = newStack();
    expect(problemsOf(() => new Mesh(stack, "m", { tlsMinVersion: "TLSv1_3", tlsMaxVersion: "TLSv1_2" }))).toEqual([
      'test/m: Mesh.tlsMinVersion: "TLSv1_3" is above tlsMaxVersion "TLSv1_2"',
    ]);
  });

  it("rejects a namespace that is not a DNS label", () => {
    // given
    const stack = newStack();
    // when
    const problems = problemsOf(() => new Mesh(stack, "m", { namespace: "Consul_NS" }));
    // then
    expect(problems[0]).toMatch(/^test\/m: Mesh\.namespace: "Consul_NS" is not a DNS-1123 label/);
  });
});

describe("ProxyDefaults", () => {
  it("is the singleton 'global' with gateway mode, protocol and access logs", () => {
    const stack = newStack();
    new ProxyDefaults(stack, "pd", {
      meshGatewayMode: "local",
      protocol: "http",
      accessLogs: { type: "stdout" },
      mutualTLSMode: "strict",
      config: { local_connect_timeout_ms: 2000 },
    });
    const m = onlyManifest(stack);
    expect(m.kind).toBe("ProxyDefaults");
    expect(m.metadata.name).toBe("global");
    expect(m.spec).toEqual({
      meshGateway: { mode: "local" },
      config: { local_connect_timeout_ms: 2000, protocol: "http" },
      mutualTLSMode: "strict",
      accessLogs: { enabled: true, type: "stdout" },
    });
  });

  it("emits an empty spec with no props", () => {
    const stack = newStack();
    new ProxyDefaults(stack, "pd");
    expect(onlyManifest(stack).spec).toEqual({});
  });

  it("rejects an unknown mesh gateway mode", () => {
    const stack = newStack();
    expect(problemsOf(() => new ProxyDefaults(stack, "pd", { meshGatewayMode: "Local" as never }))).toEqual([
      'test/pd: ProxyDefaults.meshGatewayMode: "Local" is not allowed; use one of "none", "local", "remote"',
    ]);
  });

  it("rejects an unknown protocol, in props and in config", () => {
    const stack = newStack();
    expect(
      problemsOf(() => new ProxyDefaults(stack, "pd", { protocol: "https" as never, config: { protocol: "udp" } })),
    ).toEqual([
      'test/pd: ProxyDefaults.protocol: "https" is not allowed; use one of "tcp", "http", "http2", "grpc"',
      'test/pd: ProxyDefaults.config.protocol: "udp" is not allowed; use one of "tcp", "http", "http2", "grpc"',
    ]);
  });

  it("rejects an unknown mutualTLSMode", () => {
    const stack = newStack();
    expect(problemsOf(() => new ProxyDefaults(stack, "pd", { mutualTLSMode: "off" as never }))).toEqual([
      'test/pd: ProxyDefaults.mutualTLSMode: "off" is not allowed; use one of "strict", "permissive"',
    ]);
  });

  it("rejects file access logs without a path, and a path without file", () => {
    expect(problemsOf(() => new ProxyDefaults(newStack(), "pd", { accessLogs: { type: "file" } }))).toEqual([
      'test/pd: ProxyDefaults.accessLogs.path: undefined is required when type is "file"',
    ]);
    expect(
      problemsOf(() => new ProxyDefaults(newStack(), "pd", { accessLogs: { type: "stderr", path: "/var/log/envoy" } })),
    ).toEqual(['test/pd: ProxyDefaults.accessLogs.path: "/var/log/envoy" is only valid when type is "file"']);
  });

  it("rejects jsonFormat with textFormat, and invalid jsonFormat", () => {
    expect(
      problemsOf(
        () => new ProxyDefaults(newStack(), "pd", { accessLogs: { jsonFormat: "{}", textFormat: "%START_TIME%" } }),
      ),
    ).toEqual([
      'test/pd: ProxyDefaults.accessLogs.textFormat: "%START_TIME%" cannot be set together with jsonFormat; set one',
    ]);
    expect(problemsOf(() => new ProxyDefaults(newStack(), "pd", { accessLogs: { jsonFormat: "{not json" } }))).toEqual([
      'test/pd: ProxyDefaults.accessLogs.jsonFormat: "{not json" is not valid JSON',
    ]);
  });

  it("rejects an unknown access log type", () => {
    expect(problemsOf(() => new ProxyDefaults(newStack(), "pd", { accessLogs: { type: "syslog" as never } }))).toEqual([
      'test/pd: ProxyDefaults.accessLogs.type: "syslog" is not allowed; use one of "stdout", "stderr", "file"',
    ]);
  });
});

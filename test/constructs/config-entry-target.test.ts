/**
 * One construct, two outputs: with a Consul provider each kind renders a consul_config_entry whose
 * config_json is the CRD spec with Consul's Go field names (consul-k8s v2.0.3
 * control-plane/api/v1alpha1/*_types.go ToConsul()); with a kubernetes provider, the CRD as before.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { execFileSync } from "child_process";
import Ajv from "ajv";
import { TerraformStack, Testing } from "cdktf";
import { ConsulProvider } from "@cdktf/provider-consul/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ConsulTarget } from "../../constructs/consul-target";
import { ControlPlaneRequestLimit } from "../../constructs/control-plane-request-limit";
import { ExportedServices } from "../../constructs/exported-services";
import { IngressGateway } from "../../constructs/ingress-gateway";
import { JWTProvider } from "../../constructs/jwt-provider";
import { Mesh } from "../../constructs/mesh";
import { MeshWorkload } from "../../constructs/mesh-workload";
import { PeeringAcceptor } from "../../constructs/peering-acceptor";
import { PeeringDialer } from "../../constructs/peering-dialer";
import { ProxyDefaults } from "../../constructs/proxy-defaults";
import { SamenessGroup } from "../../constructs/sameness-group";
import { ServiceDefaults } from "../../constructs/service-defaults";
import { ServiceIntentions } from "../../constructs/service-intentions";
import { ServiceResolver } from "../../constructs/service-resolver";
import { ServiceRouter } from "../../constructs/service-router";
import { ServiceSplitter } from "../../constructs/service-splitter";
import { TerminatingGateway } from "../../constructs/terminating-gateway";
import { goFieldName } from "../../constructs/private/entry-json";
import { at, list, manifests, must, needsReference, parseJson, record, resources, text, type Block } from "../support";
import { newStack, problemsOf, synthJson } from "./helpers";

const consulOf = (stack: TerraformStack, id = "consul") =>
  new ConsulProvider(stack, id, { address: "consul-1:8501", scheme: "https" });

/** A consul_config_entry as synthesized, with its config_json parsed into `body`. */
type Entry = Block & { readonly body: unknown };

/** The config entries of a synthesized stack, with config_json parsed. */
function entries(stack: TerraformStack): Entry[] {
  return resources(synthJson(stack), "consul_config_entry").map((e) => ({
    ...e,
    body: parseJson(text(e, "config_json")),
  }));
}

function onlyEntry(stack: TerraformStack): Entry {
  const all = entries(stack);
  if (all.length !== 1) throw new Error(`expected one consul_config_entry, got ${all.length}`);
  return all[0];
}

type Build = (stack: TerraformStack, provider: ConsulProvider | KubernetesProvider) => void;

interface Case {
  /** The construct's CRD kind. */
  readonly crd: string;
  /** Consul's kind. */
  readonly kind: string;
  /** The entry name. */
  readonly name: string;
  /** Needs Consul Enterprise. */
  readonly enterprise?: boolean;
  readonly build: Build;
  /** config_json, written by hand from the Go structs of Consul's api package. */
  readonly body: unknown;
}

const CASES: Case[] = [
  {
    crd: "Mesh",
    kind: "mesh",
    name: "mesh",
    build: (s, provider) =>
      new Mesh(s, "x", {
        provider,
        tlsMinVersion: "TLSv1_2",
        http: {
          sanitizeXForwardedClientCert: true,
          incoming: {
            requestNormalization: {
              mergeSlashes: true,
              insecureDisablePathNormalization: false,
              headersWithUnderscoresAction: "REJECT_REQUEST",
              pathWithEscapedSlashesAction: "UNESCAPE_AND_REDIRECT",
            },
          },
        },
        meshDestinationsOnly: true,
        allowEnablingPermissiveMutualTLS: false,
        validateClusters: true,
      }),
    body: {
      Peering: { PeerThroughMeshGateways: true },
      TLS: { Incoming: { TLSMinVersion: "TLSv1_2" }, Outgoing: { TLSMinVersion: "TLSv1_2" } },
      HTTP: {
        SanitizeXForwardedClientCert: true,
        Incoming: {
          RequestNormalization: {
            MergeSlashes: true,
            InsecureDisablePathNormalization: false,
            HeadersWithUnderscoresAction: "REJECT_REQUEST",
            PathWithEscapedSlashesAction: "UNESCAPE_AND_REDIRECT",
          },
        },
      },
      AllowEnablingPermissiveMutualTLS: false,
      TransparentProxy: { MeshDestinationsOnly: true },
      ValidateClusters: true,
    },
  },
  {
    crd: "ProxyDefaults",
    kind: "proxy-defaults",
    name: "global",
    build: (s, provider) =>
      new ProxyDefaults(s, "x", {
        provider,
        meshGatewayMode: "local",
        protocol: "http",
        config: { local_connect_timeout_ms: 2000, envoy_prometheus_bind_addr: "0.0.0.0:9102" },
        accessLogs: { type: "stdout", jsonFormat: '{"start":"%START_TIME%"}' },
        mutualTLSMode: "strict",
        envoyExtensions: [{ name: "builtin/lua", arguments: { Script: "x", inner_key: { snake_case: 1 } } }],
        expose: {
          checks: true,
          paths: [{ path: "/metrics", localPathPort: 8080, listenerPort: 21500, protocol: "http" }],
        },
      }),
    body: {
      EnvoyExtensions: [{ Name: "builtin/lua", Arguments: { Script: "x", inner_key: { snake_case: 1 } } }],
      Expose: {
        Checks: true,
        Paths: [{ Path: "/metrics", LocalPathPort: 8080, ListenerPort: 21500, Protocol: "http" }],
      },
      MeshGateway: { Mode: "local" },
      // The open proxy config keeps its keys (api.ProxyConfigEntry.Config map[string]interface{}).
      Config: { local_connect_timeout_ms: 2000, envoy_prometheus_bind_addr: "0.0.0.0:9102", protocol: "http" },
      MutualTLSMode: "strict",
      AccessLogs: { Type: "stdout", JSONFormat: '{"start":"%START_TIME%"}', Enabled: true },
    },
  },
  {
    crd: "ServiceDefaults",
    kind: "service-defaults",
    name: "web",
    build: (s, provider) =>
      new ServiceDefaults(s, "x", {
        provider,
        service: "web",
        protocol: "http",
        externalSNI: "web.example.com",
        balanceInboundConnections: "exact_balance",
        upstreamDefaults: { envoyClusterJSON: '{"name":"c"}' },
        upstreamOverrides: [
          {
            name: "c",
            peer: "onprem",
            passiveHealthCheck: { interval: "10s", maxFailures: 3, enforcingConsecutive5xx: 100 },
          },
        ],
      }),
    body: {
      Protocol: "http",
      ExternalSNI: "web.example.com",
      BalanceInboundConnections: "exact_balance",
      UpstreamConfig: {
        Defaults: { EnvoyClusterJSON: '{"name":"c"}' },
        Overrides: [
          {
            Name: "c",
            Peer: "onprem",
            PassiveHealthCheck: { Interval: "10s", MaxFailures: 3, EnforcingConsecutive5xx: 100 },
          },
        ],
      },
    },
  },
  {
    crd: "ServiceIntentions",
    kind: "service-intentions",
    name: "web",
    build: (s, provider) =>
      new ServiceIntentions(s, "x", {
        provider,
        destination: "web",
        sources: [
          { name: "a", peer: "onprem", action: "allow" },
          {
            name: "b",
            permissions: [
              {
                action: "allow",
                http: { pathPrefix: "/api", methods: ["GET"], header: [{ name: "x-env", exact: "prod" }] },
                jwt: { providers: [{ name: "okta", verifyClaims: [{ path: ["aud"], value: "web" }] }] },
              },
            ],
          },
        ],
        jwt: { providers: [{ name: "okta" }] },
      }),
    // The destination is the entry's Name, not a key (consul-k8s serviceintentions_types.go ToConsul).
    // Type and Precedence are what Consul stores on each source (see below).
    body: {
      Sources: [
        { Name: "a", Peer: "onprem", Action: "allow", Type: "consul", Precedence: 9 },
        {
          Name: "b",
          Permissions: [
            {
              Action: "allow",
              HTTP: { PathPrefix: "/api", Methods: ["GET"], Header: [{ Name: "x-env", Exact: "prod" }] },
              JWT: { Providers: [{ Name: "okta", VerifyClaims: [{ Path: ["aud"], Value: "web" }] }] },
            },
          ],
          Type: "consul",
          Precedence: 9,
        },
      ],
      JWT: { Providers: [{ Name: "okta" }] },
    },
  },
  {
    crd: "ServiceResolver",
    kind: "service-resolver",
    name: "web",
    build: (s, provider) =>
      new ServiceResolver(s, "x", {
        provider,
        service: "web",
        connectTimeout: "5s",
        requestTimeout: "10s",
        subsets: {
          canary: { filter: "Service.Meta.version == canary", onlyPassing: true },
          stable: { onlyPassing: true },
        },
        defaultSubset: "stable",
        failover: { canary: { targets: [{ peer: "cloud" }] } },
        loadBalancer: {
          policy: "ring_hash",
          ringHashConfig: { minimumRingSize: 1024 },
          hashPolicies: [
            { field: "cookie", fieldValue: "session-id", cookieConfig: { ttl: "10s", path: "/" } },
            { sourceIP: true, terminal: true },
          ],
        },
      }),
    body: {
      ConnectTimeout: "5s",
      RequestTimeout: "10s",
      DefaultSubset: "stable",
      // Subset names are map keys: kept as written.
      Subsets: {
        canary: { Filter: "Service.Meta.version == canary", OnlyPassing: true },
        stable: { OnlyPassing: true },
      },
      Failover: { canary: { Targets: [{ Peer: "cloud" }] } },
      LoadBalancer: {
        Policy: "ring_hash",
        RingHashConfig: { MinimumRingSize: 1024 },
        HashPolicies: [
          { Field: "cookie", FieldValue: "session-id", CookieConfig: { TTL: "10s", Path: "/" } },
          { SourceIP: true, Terminal: true },
        ],
      },
    },
  },
  {
    crd: "ServiceRouter",
    kind: "service-router",
    name: "web",
    build: (s, provider) =>
      new ServiceRouter(s, "x", {
        provider,
        service: "web",
        routes: [
          {
            match: {
              http: {
                pathPrefix: "/admin",
                header: [{ name: "x-debug", present: true }],
                queryParam: [{ name: "v", exact: "2" }],
              },
            },
            destination: {
              service: "admin",
              prefixRewrite: "/",
              requestTimeout: "5s",
              numRetries: 2,
              retryOnStatusCodes: [503],
              requestHeaders: { add: { "x-route": "admin" }, set: { "X-Mixed_case": "1" }, remove: ["x-old"] },
            },
          },
        ],
      }),
    body: {
      Routes: [
        {
          Match: {
            HTTP: {
              PathPrefix: "/admin",
              Header: [{ Name: "x-debug", Present: true }],
              QueryParam: [{ Name: "v", Exact: "2" }],
            },
          },
          Destination: {
            Service: "admin",
            PrefixRewrite: "/",
            RequestTimeout: "5s",
            NumRetries: 2,
            RetryOnStatusCodes: [503],
            // Header names are map keys (api.HTTPHeaderModifiers Add/Set map[string]string).
            RequestHeaders: { Add: { "x-route": "admin" }, Set: { "X-Mixed_case": "1" }, Remove: ["x-old"] },
          },
        },
      ],
    },
  },
  {
    crd: "ServiceSplitter",
    kind: "service-splitter",
    name: "web",
    build: (s, provider) =>
      new ServiceSplitter(s, "x", {
        provider,
        service: "web",
        splits: [
          { weight: 90, serviceSubset: "stable" },
          { weight: 10, serviceSubset: "canary", responseHeaders: { set: { "x-split": "canary" } } },
        ],
      }),
    body: {
      Splits: [
        { Weight: 90, ServiceSubset: "stable" },
        { Weight: 10, ServiceSubset: "canary", ResponseHeaders: { Set: { "x-split": "canary" } } },
      ],
    },
  },
  {
    crd: "ExportedServices",
    kind: "exported-services",
    name: "default",
    build: (s, provider) =>
      new ExportedServices(s, "x", { provider, services: [{ name: "web", consumers: [{ peer: "onprem" }] }] }),
    body: { Services: [{ Name: "web", Consumers: [{ Peer: "onprem" }] }] },
  },
  {
    crd: "TerminatingGateway",
    kind: "terminating-gateway",
    name: "terminating-gateway",
    build: (s, provider) =>
      new TerminatingGateway(s, "x", {
        provider,
        services: [
          {
            name: "legacy",
            caFile: "/etc/tls/ca.pem",
            certFile: "/etc/tls/c.pem",
            keyFile: "/etc/tls/k.pem",
            sni: "legacy.example.com",
          },
        ],
      }),
    // api.LinkedService: CAFile, SNI.
    body: {
      Services: [
        {
          Name: "legacy",
          CAFile: "/etc/tls/ca.pem",
          CertFile: "/etc/tls/c.pem",
          KeyFile: "/etc/tls/k.pem",
          SNI: "legacy.example.com",
        },
      ],
    },
  },
  {
    crd: "JWTProvider",
    kind: "jwt-provider",
    name: "okta",
    build: (s, provider) =>
      new JWTProvider(s, "x", {
        provider,
        name: "okta",
        issuer: "https://okta.example.com",
        audiences: ["web"],
        jsonWebKeySet: {
          remote: {
            uri: "https://okta.example.com/keys",
            fetchAsynchronously: true,
            cacheDuration: "5m",
            requestTimeoutMs: 1500,
            useSNI: true,
            jwksCluster: {
              discoveryType: "STRICT_DNS",
              connectTimeout: "2s",
              tlsCertificates: { trustedCA: { filename: "/etc/tls/ca.pem" } },
            },
            retryPolicy: { numRetries: 2, retryPolicyBackOff: { baseInterval: "1s", maxInterval: "10s" } },
          },
        },
        locations: [{ header: { name: "Authorization", valuePrefix: "Bearer ", forward: true } }],
        forwarding: { headerName: "x-jwt", padForwardPayloadHeader: false },
        clockSkewSeconds: 30,
        cacheConfig: { size: 100 },
      }),
    body: {
      Issuer: "https://okta.example.com",
      Audiences: ["web"],
      JSONWebKeySet: {
        Remote: {
          URI: "https://okta.example.com/keys",
          FetchAsynchronously: true,
          CacheDuration: "5m",
          RequestTimeoutMs: 1500,
          UseSNI: true,
          JWKSCluster: {
            DiscoveryType: "STRICT_DNS",
            ConnectTimeout: "2s",
            TLSCertificates: { TrustedCA: { Filename: "/etc/tls/ca.pem" } },
          },
          RetryPolicy: { NumRetries: 2, RetryPolicyBackOff: { BaseInterval: "1s", MaxInterval: "10s" } },
        },
      },
      Locations: [{ Header: { Name: "Authorization", ValuePrefix: "Bearer ", Forward: true } }],
      Forwarding: { HeaderName: "x-jwt", PadForwardPayloadHeader: false },
      ClockSkewSeconds: 30,
      CacheConfig: { Size: 100 },
    },
  },
  {
    crd: "SamenessGroup",
    kind: "sameness-group",
    name: "g",
    enterprise: true,
    build: (s, provider) =>
      new SamenessGroup(s, "x", {
        provider,
        name: "g",
        defaultForFailover: true,
        includeLocal: true,
        members: [{ peer: "onprem" }],
      }),
    body: { DefaultForFailover: true, IncludeLocal: true, Members: [{ Peer: "onprem" }] },
  },
  {
    crd: "IngressGateway",
    kind: "ingress-gateway",
    name: "ingress-gateway",
    build: (s, provider) =>
      new IngressGateway(s, "x", {
        provider,
        tls: { enabled: true, tlsMinVersion: "TLSv1_2", sds: { clusterName: "sds", certResource: "cert" } },
        listeners: [
          {
            port: 8080,
            protocol: "http",
            services: [{ name: "web", hosts: ["web.example.com"], requestHeaders: { add: { "x-in": "1" } } }],
          },
        ],
      }),
    // api.IngressGatewayConfigEntry (api/config_entry_gateways.go): TLS, SDS.
    body: {
      TLS: { Enabled: true, TLSMinVersion: "TLSv1_2", SDS: { ClusterName: "sds", CertResource: "cert" } },
      Listeners: [
        {
          Port: 8080,
          Protocol: "http",
          Services: [{ Name: "web", Hosts: ["web.example.com"], RequestHeaders: { Add: { "x-in": "1" } } }],
        },
      ],
    },
  },
  {
    crd: "ControlPlaneRequestLimit",
    kind: "control-plane-request-limit",
    name: "controlplanerequestlimit",
    enterprise: true,
    build: (s, provider) =>
      new ControlPlaneRequestLimit(s, "x", {
        provider,
        mode: "enforcing",
        readRate: 100,
        writeRate: 50,
        acl: { writeRate: 10 },
        kv: { readRate: 5, writeRate: 5 },
        connectCA: { writeRate: 1 },
      }),
    // api.RateLimitIPConfigEntry (api/config_entry_rate_limit_ip.go): ACL, KV, ConnectCA.
    body: {
      Mode: "enforcing",
      ReadRate: 100,
      WriteRate: 50,
      ACL: { WriteRate: 10 },
      KV: { ReadRate: 5, WriteRate: 5 },
      ConnectCA: { WriteRate: 1 },
    },
  },
];

function stackFor(c: Case): TerraformStack {
  const stack = newStack();
  if (c.enterprise) ConsulTarget.set(stack, { edition: "enterprise" });
  return stack;
}

describe("a Consul provider renders a consul_config_entry", () => {
  it.each(CASES.map((c) => [c.crd, c] as const))(
    "%s: kind, name and config_json with Consul's field names",
    (_crd, c) => {
      // given
      const stack = stackFor(c);
      // when
      c.build(stack, consulOf(stack));
      const entry = onlyEntry(stack);
      // then
      expect({
        kind: entry.kind,
        name: entry.name,
        provider: entry.provider,
        namespace: entry.namespace,
        partition: entry.partition,
      }).toEqual({
        kind: c.kind,
        name: c.name,
        provider: "consul",
        namespace: undefined,
        partition: undefined,
      });
      expect(entry.body).toEqual(c.body);
      expect(record(synthJson(stack), "resource").kubernetes_manifest).toBeUndefined();
    },
  );

  it.each(CASES.map((c) => [c.crd, c] as const))(
    "%s: a kubernetes provider still renders the CRD, and no config entry",
    (_crd, c) => {
      // given
      const stack = stackFor(c);
      // when
      c.build(stack, new KubernetesProvider(stack, "k8s", {}));
      const json = synthJson(stack);
      // then
      expect(manifests(json).map((m) => m.kind)).toEqual([c.crd]);
      expect(record(json, "resource").consul_config_entry).toBeUndefined();
    },
  );

  it("config_json never holds Kind, Name, Namespace or Partition (the provider sets them from its attributes)", () => {
    for (const c of CASES) {
      // given
      const stack = stackFor(c);
      // when
      c.build(stack, consulOf(stack));
      const keys = Object.keys(record(onlyEntry(stack).body));
      // then
      expect(keys.filter((k) => ["Kind", "Name", "Namespace", "Partition"].includes(k))).toEqual([]);
    }
  });

  it("a library user points ServiceIntentions at a VM datacenter, and adds sources later", () => {
    // given
    const stack = newStack();
    const i = new ServiceIntentions(stack, "x", {
      provider: consulOf(stack),
      destination: "b",
      sources: [{ name: "a", action: "allow" }],
    });
    // when
    i.addSource({ name: "c", peer: "cloud", action: "allow", description: "literal ${var.x}" });
    // then
    expect(onlyEntry(stack).body).toEqual({
      Sources: [
        { Name: "a", Action: "allow", Type: "consul", Precedence: 9 },
        // Literal "${" is escaped for Terraform, as in a manifest.
        { Name: "c", Peer: "cloud", Action: "allow", Description: "literal $${var.x}", Type: "consul", Precedence: 9 },
      ],
    });
  });

  it("allows the proxy mode on VMs, which consul-k8s reserves to pod annotations on Kubernetes", () => {
    // given
    const stack = newStack();
    // when
    new ServiceDefaults(stack, "x", {
      provider: consulOf(stack),
      service: "web",
      mode: "transparent",
      transparentProxy: { outboundListenerPort: 15001 },
    });
    const onKubernetes = problemsOf(
      () => new ServiceDefaults(newStack(), "x", { service: "web", mode: "transparent" }),
    );
    // then
    expect(onlyEntry(stack).body).toEqual({ Mode: "transparent", TransparentProxy: { OutboundListenerPort: 15001 } });
    expect(onKubernetes).toHaveLength(1);
  });

  it("passes dependsOn through", () => {
    // given
    const stack = newStack();
    const provider = consulOf(stack);
    const mesh = new Mesh(stack, "mesh", { provider });
    // when
    new ProxyDefaults(stack, "pd", { provider, dependsOn: [mesh.resource] });
    const pd = entries(stack).find((e) => e.kind === "proxy-defaults");
    // then
    expect(must(pd).depends_on).toEqual([`consul_config_entry.${mesh.resource.friendlyUniqueId}`]);
  });
});

describe("namespaces and partitions follow the ConsulTarget", () => {
  it("sets the namespace and partition attributes with Consul Enterprise namespaces and partitions", () => {
    // given
    const stack = newStack();
    ConsulTarget.set(stack, { edition: "enterprise", namespaces: true, partitions: true, partition: "team-a" });
    const provider = consulOf(stack);
    // when
    new ServiceIntentions(stack, "i", {
      provider,
      destination: "web",
      destinationNamespace: "shop",
      sources: [{ name: "a", namespace: "front", action: "allow" }],
    });
    new ServiceDefaults(stack, "d", { provider, service: "web" });
    const byKind = Object.fromEntries(entries(stack).map((e) => [text(e, "kind"), e]));
    // then
    expect(byKind["service-intentions"]).toMatchObject({ name: "web", namespace: "shop", partition: "team-a" });
    expect(byKind["service-intentions"].body).toEqual({
      Sources: [{ Name: "a", Namespace: "front", Action: "allow", Type: "consul", Precedence: 9 }],
    });
    expect(byKind["service-defaults"]).toMatchObject({ name: "web", namespace: "default", partition: "team-a" });
  });

  it("sets neither on Consul CE", () => {
    // given
    const stack = newStack();
    // when
    new ServiceDefaults(stack, "d", { provider: consulOf(stack), service: "web" });
    const e = onlyEntry(stack);
    // then
    expect([e.namespace, e.partition]).toEqual([undefined, undefined]);
  });
});

describe("what a Consul provider refuses", () => {
  it.each([
    [
      "PeeringAcceptor",
      (s: TerraformStack, provider: ConsulProvider): unknown =>
        new PeeringAcceptor(s, "x", { provider, peerName: "onprem" }),
      "consul_peering_token",
    ],
    [
      "PeeringDialer",
      (s: TerraformStack, provider: ConsulProvider): unknown =>
        new PeeringDialer(s, "x", { provider, peerName: "cloud" }),
      "consul_peering",
    ],
  ])("%s exists only on Kubernetes", (kind, make, instead) => {
    // given
    const stack = newStack();
    // when
    const [line, ...rest] = problemsOf(() => make(stack, consulOf(stack)));
    // then
    expect(rest).toEqual([]);
    expect(line).toMatch(
      new RegExp(
        `^test/x: ${kind}\\.provider: "test/consul" is a Consul provider, but ${kind} is a consul-k8s resource, not a Consul config entry .*; give it a kubernetes provider$`,
      ),
    );
    expect(line).toContain(instead);
  });

  it("MeshWorkload (a Deployment) exists only on Kubernetes", () => {
    // given
    const stack = newStack();
    // when
    const problems = problemsOf(
      () => new MeshWorkload(stack, "w", { provider: consulOf(stack), service: "web", image: "web:1", port: 8080 }),
    );
    // then
    expect(problems).toEqual([
      'test/w: MeshWorkload.provider: "test/consul" is a Consul provider, but MeshWorkload is a Kubernetes Deployment, Service and ServiceAccount, not a Consul config entry; on VMs run the service under systemd with an agent service definition; give it a kubernetes provider',
    ]);
  });

  it("Kubernetes metadata (namespace, labels, annotations) instead of dropping it", () => {
    // given
    const stack = newStack();
    // when
    const problems = problemsOf(
      () => new Mesh(stack, "m", { provider: consulOf(stack), namespace: "consul", labels: { a: "b" } }),
    );
    // then
    expect(problems).toEqual([
      'test/m: Mesh.namespace: "consul" is Kubernetes metadata of the custom resource; a consul_config_entry (Consul provider) has none, remove it',
      'test/m: Mesh.labels: {"a":"b"} is Kubernetes metadata of the custom resource; a consul_config_entry (Consul provider) has none, remove it',
    ]);
  });

  it("consul-k8s-only fields of a terminating gateway, given at once or added later (checked when the entry resolves)", () => {
    // given
    const stack = newStack();
    const gateway = new TerminatingGateway(stack, "t", {
      provider: consulOf(stack),
      deployment: { logLevel: "debug" },
      services: [{ name: "a" }],
    });
    gateway.addService({ name: "db", secretRef: { name: "db-tls" } });
    // when
    const problems = problemsOf(() => synthJson(stack));
    // then
    expect(problems).toEqual([
      'test/t: TerminatingGateway.deployment: {"logLevel":"debug"} configures consul-k8s and has no place in a Consul config entry; remove it for a Consul provider',
      'test/t: TerminatingGateway.services[1].secretRef: {"name":"db-tls"} configures consul-k8s and has no place in a Consul config entry; remove it for a Consul provider',
    ]);
  });
});

describe("one config entry per kind and name on each Consul provider", () => {
  const intentions = (s: TerraformStack, id: string, provider?: ConsulProvider) =>
    new ServiceIntentions(s, id, { provider, destination: "b", sources: [{ name: "a", action: "allow" }] });

  it("refuses a second entry on the same Consul provider", () => {
    // given
    const stack = newStack();
    const provider = consulOf(stack);
    intentions(stack, "first", provider);
    // when
    const problems = problemsOf(() => intentions(stack, "second", provider));
    // then
    expect(problems).toEqual([
      'test/second: the ServiceIntentions config entry "b" on test/consul is already defined by test/first; define it once (add to that construct instead)',
    ]);
  });

  it("allows the same entry on two Consul providers, and beside the CRD of a cluster", () => {
    // given
    const stack = newStack();
    // when
    intentions(stack, "vm1", consulOf(stack, "dc1"));
    intentions(stack, "vm2", consulOf(stack, "dc2"));
    intentions(stack, "k8s");
    // then
    expect(entries(stack)).toHaveLength(2);
    expect(manifests(synthJson(stack))).toHaveLength(1);
  });

  it("keys entries by Consul namespace when namespaces are on", () => {
    // given
    const stack = newStack();
    ConsulTarget.set(stack, { edition: "enterprise", namespaces: true });
    const provider = consulOf(stack);
    new ServiceDefaults(stack, "a", { provider, service: "web" });
    new ServiceIntentions(stack, "i1", {
      provider,
      destination: "web",
      destinationNamespace: "shop",
      sources: [{ name: "a", action: "allow" }],
    });
    new ServiceIntentions(stack, "i2", { provider, destination: "web", sources: [{ name: "a", action: "allow" }] });
    // when
    const problems = problemsOf(
      () =>
        new ServiceIntentions(stack, "i3", {
          provider,
          destination: "web",
          destinationNamespace: "default",
          sources: [{ name: "b", action: "allow" }],
        }),
    );
    // then
    expect(problems).toEqual([
      'test/i3: the ServiceIntentions config entry "web" on test/consul is already defined by test/i2; define it once (add to that construct instead)',
    ]);
  });
});

describe("the source fields Consul stores, so that a plan after apply shows no change", () => {
  // Consul's agent/structs/intention.go UpdatePrecedence: 9/6/3 by the destination's exact parts,
  // minus the source's wildcard parts.
  it.each([
    ["b", undefined, "a", undefined, 9],
    ["b", undefined, "*", undefined, 8],
    ["b", undefined, "*", "*", 7],
    ["*", undefined, "a", undefined, 6],
    ["*", undefined, "*", undefined, 5],
    ["*", "*", "*", "*", 1],
  ])(
    "destination %s (namespace %s), source %s (namespace %s): Precedence %i",
    (dest, destNs, src, srcNs, precedence) => {
      // given
      const stack = newStack();
      ConsulTarget.set(stack, { edition: "enterprise", namespaces: true });
      // when
      new ServiceIntentions(stack, "i", {
        provider: consulOf(stack),
        name: "i",
        destination: dest,
        destinationNamespace: destNs,
        sources: [{ name: src, namespace: srcNs, action: "deny" }],
      });
      const source = at(onlyEntry(stack).body, "Sources[0]");
      // then
      expect(source).toMatchObject({ Type: "consul", Precedence: precedence });
    },
  );
});

describe("source order", () => {
  it("lists sources by precedence, highest first, equals in their order, as Consul stores them", () => {
    // given
    const stack = newStack();
    const k8s = newStack();
    // when
    new ServiceIntentions(stack, "i", {
      provider: consulOf(stack),
      destination: "web",
      sources: [
        { name: "*", action: "deny" },
        { name: "b", action: "allow" },
        { name: "a", action: "allow" },
      ],
    });
    new ServiceIntentions(k8s, "i", {
      destination: "web",
      sources: [
        { name: "*", action: "deny" },
        { name: "b", action: "allow" },
      ],
    });
    // then
    expect(list(onlyEntry(stack).body, "Sources").map((s) => [at(s, "Name"), at(s, "Precedence")])).toEqual([
      ["b", 9],
      ["a", 9],
      ["*", 8],
    ]);
    // The CRD keeps the given order; consul-k8s syncs it.
    expect(list(must(manifests(synthJson(k8s))[0]).spec, "sources").map((s) => at(s, "name"))).toEqual(["*", "b"]);
  });
});

describe("Go field names", () => {
  it.each([
    ["tlsMinVersion", "TLSMinVersion"],
    ["mutualTLSMode", "MutualTLSMode"],
    ["sanitizeXForwardedClientCert", "SanitizeXForwardedClientCert"],
    ["jsonWebKeySet", "JSONWebKeySet"],
    ["jwksCluster", "JWKSCluster"],
    ["caCertificateProviderInstance", "CaCertificateProviderInstance"],
    ["caFile", "CAFile"],
    ["trustedCA", "TrustedCA"],
    ["sourceIP", "SourceIP"],
    ["ttl", "TTL"],
    ["uri", "URI"],
    ["useSNI", "UseSNI"],
    ["envoyListenerJSON", "EnvoyListenerJSON"],
    ["enforcingConsecutive5xx", "EnforcingConsecutive5xx"],
    ["kv", "KV"],
    ["acl", "ACL"],
    ["connectCA", "ConnectCA"],
    ["name", "Name"],
  ])("%s -> %s", (crd, go) => {
    expect(goFieldName(crd)).toBe(go);
  });
});

const schemas = needsReference("consul/config-entries/index.json", "the Consul config-entry schemas");
schemas.describe("against Consul's config-entry schemas (Go structs of the api package)", () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addFormat("date-time", true); // only the read-only LegacyCreateTime has it; entries never set it
  // describe.skip still runs this body to collect the tests: read the index only when it is there.
  const index = (
    schemas.present ? JSON.parse(fs.readFileSync(schemas.path, "utf8")) : { kinds: [], other_kinds: [] }
  ) as {
    kinds: { kind: string; file: string }[];
    other_kinds: string[];
  };
  const withSchema = CASES.filter((c) => index.kinds.some((k) => k.kind === c.kind));

  it("has a schema for every kind but ingress-gateway and control-plane-request-limit, which the reference ships none for", () => {
    expect(CASES.filter((c) => !withSchema.includes(c)).map((c) => c.kind)).toEqual(NO_SCHEMA);
    expect(index.other_kinds).toEqual(expect.arrayContaining(NO_SCHEMA));
  });

  it.each(withSchema.map((c) => [c.kind, c] as const))("%s: config_json matches the schema", (kind, c) => {
    // given
    const file = must(index.kinds.find((k) => k.kind === kind)).file;
    const validate = ajv.compile(JSON.parse(fs.readFileSync(path.join(path.dirname(schemas.path), file), "utf8")));
    const stack = stackFor(c);
    c.build(stack, consulOf(stack));
    // when
    const ok = validate(onlyEntry(stack).body);
    // then
    expect(
      ok ? [] : must(validate.errors).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`),
    ).toEqual([]);
  });
});

const validator = needsReference("consul/validate-consul-vm.mjs", "the Consul VM validator");
/** Kinds the reference ships no schema for; the validator skips them. */
const NO_SCHEMA = ["ingress-gateway", "control-plane-request-limit"];

validator.it(
  "every kind with a schema passes the VM validator (schemas and Consul's Validate() rules, Enterprise)",
  () => {
    // given
    const app = Testing.app();
    ConsulTarget.set(app, { edition: "enterprise" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hm-entries-"));
    try {
      const checked = CASES.filter((c) => !NO_SCHEMA.includes(c.kind));
      const files = checked.map((c) => {
        const stack = new TerraformStack(app, c.kind);
        c.build(stack, consulOf(stack));
        const file = path.join(dir, `${c.kind}.tf.json`);
        fs.writeFileSync(file, JSON.stringify(synthJson(stack)));
        return file;
      });
      // when
      const out = execFileSync(
        process.execPath,
        [validator.path, "--enterprise", "--modules", path.resolve(__dirname, "../.."), ...files],
        { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
      );
      // then
      expect(out.trim().split("\n").pop()).toBe(`${checked.length} objects checked, 0 problems`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

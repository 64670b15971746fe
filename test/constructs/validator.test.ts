import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { ConsulPeering } from "../../constructs/consul-peering";
import { ExportedServices } from "../../constructs/exported-services";
import { Mesh } from "../../constructs/mesh";
import { PeeringAcceptor } from "../../constructs/peering-acceptor";
import { PeeringDialer } from "../../constructs/peering-dialer";
import { ProxyDefaults } from "../../constructs/proxy-defaults";
import { ServiceDefaults } from "../../constructs/service-defaults";
import { ServiceIntentions } from "../../constructs/service-intentions";
import { ServiceResolver } from "../../constructs/service-resolver";
import { TerminatingGateway } from "../../constructs/terminating-gateway";
import { Construct } from "constructs";
import { ConsulTarget } from "../../constructs/consul-target";
import { ControlPlaneRequestLimit } from "../../constructs/control-plane-request-limit";
import { IngressGateway } from "../../constructs/ingress-gateway";
import { JWTProvider } from "../../constructs/jwt-provider";
import { SamenessGroup } from "../../constructs/sameness-group";
import { ServiceRouter } from "../../constructs/service-router";
import { ServiceSplitter } from "../../constructs/service-splitter";
import { needsReference } from "../support/needs";

const validator = needsReference("validate-consul-manifests.mjs", "the consul-k8s 2.0.3 CRD schemas and validator");
const VALIDATOR = validator.path;
const REPO = path.resolve(__dirname, "../..");

/** A stack that holds every construct of the library, with most options set. */
function everything(): TerraformStack {
  const stack = new TerraformStack(Testing.app(), "all-constructs");
  const cloud = new KubernetesProvider(stack, "cloud", { alias: "cloud" });
  const onprem = new KubernetesProvider(stack, "onprem", { alias: "onprem" });
  new Mesh(stack, "Mesh", {
    provider: cloud,
    tlsMinVersion: "TLSv1_2",
    allowEnablingPermissiveMutualTLS: false,
    meshDestinationsOnly: true,
  });
  new ProxyDefaults(stack, "ProxyDefaults", {
    provider: cloud,
    meshGatewayMode: "local",
    protocol: "http",
    mutualTLSMode: "strict",
    accessLogs: { type: "stdout", jsonFormat: '{"start":"%START_TIME%"}' },
  });
  ServiceIntentions.defaultDeny(stack, "DefaultDeny", { provider: cloud });
  new ServiceIntentions(stack, "IntentionsC", { provider: cloud, destination: "c" })
    .addSource({ name: "a", peer: "onprem", action: "allow", description: "on-prem caller" })
    .addSource({
      name: "b",
      permissions: [
        {
          action: "allow",
          http: {
            pathPrefix: "/api",
            methods: ["GET", "HEAD"],
            header: [{ name: "x-tenant", exact: "t1", ignoreCase: true }],
          },
        },
        { action: "deny", http: { pathRegex: "^/admin" } },
      ],
    });
  new ExportedServices(stack, "Exports", { provider: cloud }).addService({
    name: "c",
    consumers: [{ peer: "onprem" }],
  });
  new ServiceResolver(stack, "ResolverC", {
    provider: cloud,
    service: "c",
    connectTimeout: "5s",
    failoverPeers: ["onprem"],
  });
  new ServiceResolver(stack, "ResolverD", {
    provider: cloud,
    service: "d",
    subsets: { v1: { filter: "Service.Meta.version == v1", onlyPassing: true } },
    defaultSubset: "v1",
    failover: { v1: { targets: [{ peer: "onprem", service: "d" }], policy: { mode: "sequential" } } },
  });
  new ServiceResolver(stack, "ResolverE", {
    provider: cloud,
    service: "e",
    redirect: { service: "e", peer: "onprem" },
  });
  new ServiceDefaults(stack, "DefaultsA", {
    provider: onprem,
    service: "a",
    protocol: "http",
    meshGatewayMode: "local",
    upstreamDefaults: { connectTimeoutMs: 3000, limits: { maxConnections: 100 } },
  }).addUpstreamOverride({
    name: "c",
    peer: "cloud",
    passiveHealthCheck: {
      interval: "10s",
      maxFailures: 3,
      enforcingConsecutive5xx: 100,
      baseEjectionTime: "30s",
      maxEjectionPercent: 50,
    },
  });
  new TerminatingGateway(stack, "Terminating", {
    provider: onprem,
    services: [{ name: "legacy-db", caFile: "/etc/ssl/ca.pem", sni: "db.example.com" }],
  });
  new PeeringAcceptor(stack, "StandaloneAcceptor", { provider: cloud, peerName: "edge", peeringVersion: 1 });
  new PeeringDialer(stack, "StandaloneDialer", { provider: onprem, peerName: "hq", secretName: "hq-token" });
  new ConsulPeering(stack, "Peering", {
    acceptor: { provider: cloud, peerName: "onprem" },
    dialer: { provider: onprem, peerName: "cloud" },
  });
  new ServiceDefaults(stack, "DefaultsWeb", {
    provider: cloud,
    service: "web",
    protocol: "http",
    balanceInboundConnections: "exact_balance",
    transparentProxy: { dialedDirectly: true },
    expose: { checks: true, paths: [{ path: "/metrics", localPathPort: 8080, listenerPort: 21500, protocol: "http" }] },
    envoyExtensions: [
      {
        name: "builtin/lua",
        required: false,
        arguments: { ProxyType: "connect-proxy", Listener: "inbound", Script: "function envoy_on_request(h) end" },
      },
    ],
  });
  new ServiceDefaults(stack, "DefaultsExternal", {
    provider: cloud,
    service: "example-api",
    protocol: "tcp",
    destination: { addresses: ["api.example.com"], port: 443 },
  });
  new ServiceRouter(stack, "RouterWeb", {
    provider: cloud,
    service: "web",
    routes: [
      {
        match: { http: { pathPrefix: "/v2", methods: ["GET"], header: [{ name: "x-canary", exact: "1" }] } },
        destination: {
          serviceSubset: "v2",
          prefixRewrite: "/",
          requestTimeout: "10s",
          numRetries: 2,
          retryOnStatusCodes: [503],
        },
      },
    ],
  });
  new ServiceSplitter(stack, "SplitterWeb", {
    provider: cloud,
    service: "web",
    splits: [
      { weight: 90, serviceSubset: "v1" },
      { weight: 10, serviceSubset: "v2", requestHeaders: { set: { "x-split": "canary" } } },
    ],
  });
  new ServiceResolver(stack, "ResolverWeb", {
    provider: cloud,
    service: "web",
    subsets: { v1: { filter: "Service.Meta.version == v1" }, v2: { filter: "Service.Meta.version == v2" } },
    loadBalancer: {
      policy: "ring_hash",
      ringHashConfig: { minimumRingSize: 1024 },
      hashPolicies: [{ field: "header", fieldValue: "x-user" }],
    },
    prioritizeByLocality: { mode: "failover" },
  });
  new IngressGateway(stack, "Ingress", {
    provider: cloud,
    tls: { enabled: true, tlsMinVersion: "TLSv1_2" },
    listeners: [
      { port: 8080, protocol: "http", services: [{ name: "web", hosts: ["web.example.com"], maxConnections: 100 }] },
    ],
  });
  new JWTProvider(stack, "Jwt", {
    provider: cloud,
    name: "okta",
    issuer: "https://example.okta.com",
    jsonWebKeySet: {
      remote: { uri: "https://example.okta.com/oauth2/v1/keys", cacheDuration: "5m", fetchAsynchronously: true },
    },
    locations: [{ header: { name: "Authorization", valuePrefix: "Bearer " } }],
    forwarding: { headerName: "x-jwt" },
  });
  new ServiceIntentions(stack, "IntentionsWeb", {
    provider: cloud,
    destination: "web",
    jwt: { providers: [{ name: "okta", verifyClaims: [{ path: ["aud"], value: "web" }] }] },
    sources: [
      {
        name: "*",
        permissions: [{ action: "allow", http: { pathPrefix: "/" }, jwt: { providers: [{ name: "okta" }] } }],
      },
    ],
  });
  // The Enterprise kinds, under a scope that targets Consul Enterprise.
  const enterprise = new Construct(stack, "Enterprise");
  ConsulTarget.set(enterprise, { edition: "enterprise" });
  new SamenessGroup(enterprise, "Sameness", {
    provider: cloud,
    name: "shop",
    members: [{ partition: "default" }, { peer: "onprem" }],
  });
  new ServiceDefaults(enterprise, "DefaultsLimited", {
    provider: cloud,
    service: "limited",
    protocol: "http",
    rateLimits: {
      instanceLevel: {
        requestsPerSecond: 100,
        requestsMaxBurst: 200,
        routes: [{ pathPrefix: "/api", requestsPerSecond: 50 }],
      },
    },
  });
  new ControlPlaneRequestLimit(enterprise, "RequestLimit", {
    provider: cloud,
    mode: "enforcing",
    readRate: 100,
    writeRate: 50,
    kv: { readRate: 10, writeRate: 5 },
  });
  return stack;
}

function manifestsOf(file: string): { kind: string }[] {
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as {
    resource: { kubernetes_manifest: Record<string, { manifest: { kind: string } }> };
  };
  return Object.values(json.resource.kubernetes_manifest).map((r) => r.manifest);
}

describe("validate-consul-manifests.mjs", () => {
  validator.it("passes every construct with 0 problems", () => {
    const outdir = Testing.fullSynth(everything());
    const file = path.join(outdir, "stacks", "all-constructs", "cdk.tf.json");
    let out: string;
    try {
      out = execFileSync(process.execPath, [VALIDATOR, "--modules", REPO, file], {
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      throw new Error(`validator failed:\n${err.stdout ?? ""}${err.stderr ?? ""}`, { cause: e });
    }
    expect(out).toMatch(/^25 objects checked, 0 problems$/m);
    const kinds = new Set(manifestsOf(file).map((m) => m.kind));
    const all = (
      JSON.parse(fs.readFileSync(path.join(path.dirname(VALIDATOR), "consul-k8s", "crds", "index.json"), "utf8")) as {
        kind: string;
      }[]
    ).map((e) => e.kind);
    expect([...kinds].sort()).toEqual([...all].sort());
  });

  validator.it("is wired so that it can fail: a hand-written bad manifest is reported", () => {
    const stack = new TerraformStack(Testing.app(), "bad");
    new KubernetesProvider(stack, "k");
    new Manifest(stack, "Bad", {
      manifest: {
        apiVersion: "consul.hashicorp.com/v1alpha1",
        kind: "ExportedServices",
        metadata: { name: "default" },
        spec: { services: [{ name: "c", consumers: [{ peer: "*" }] }] },
      },
    });
    const file = path.join(Testing.fullSynth(stack), "stacks", "bad", "cdk.tf.json");
    let stdout = "";
    try {
      execFileSync(process.execPath, [VALIDATOR, "--modules", REPO, file], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      stdout = String((e as { stdout?: string }).stdout);
    }
    expect(stdout).toContain('spec.services.0.consumers.0.peer: wildcard "*" is not supported');
    expect(stdout).toMatch(/^1 objects checked, 1 problems$/m);
  });
});

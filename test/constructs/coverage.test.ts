/**
 * Coverage of the CRD schemas: for every kind of the reference index, a "maximal" spec (every
 * field of the schema set, one element per list, one key per map) goes through that kind's props
 * (typed against the props interface) and its spec builder, and the spec that comes out must
 * contain every `spec` path of the schema. A field that props cannot express, or that a builder
 * drops, fails here.
 */
import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import {
  buildControlPlaneRequestLimitSpec,
  type ControlPlaneRequestLimitProps,
} from "../../constructs/control-plane-request-limit";
import { buildExportedServicesSpec, type ExportedService } from "../../constructs/exported-services";
import { buildIngressGatewaySpec, type IngressGatewayProps } from "../../constructs/ingress-gateway";
import { buildJWTProviderSpec, type JWTProviderProps } from "../../constructs/jwt-provider";
import { buildMeshSpec, type MeshProps } from "../../constructs/mesh";
import { PeeringAcceptor } from "../../constructs/peering-acceptor";
import { PeeringDialer } from "../../constructs/peering-dialer";
import { buildProxyDefaultsSpec, type ProxyDefaultsProps } from "../../constructs/proxy-defaults";
import { buildSamenessGroupSpec, type SamenessGroupProps } from "../../constructs/sameness-group";
import {
  buildServiceDefaultsSpec,
  type ServiceDefaultsProps,
  type UpstreamDefaults,
} from "../../constructs/service-defaults";
import { buildServiceIntentionsSpec, type ServiceIntentionsProps } from "../../constructs/service-intentions";
import { buildServiceResolverSpec, type ServiceResolverProps } from "../../constructs/service-resolver";
import { buildServiceRouterSpec, type ServiceRouterProps } from "../../constructs/service-router";
import { buildServiceSplitterSpec, type ServiceSplitterProps } from "../../constructs/service-splitter";
import { buildTerminatingGatewaySpec, type TerminatingGatewayProps } from "../../constructs/terminating-gateway";
import {
  type MeshSpec,
  type ExportedServicesSpec,
  type ServiceIntentionsSpec,
  type ServiceResolverSpec,
  type ServiceDefaultsSpec,
  type ProxyDefaultsSpec,
  type SamenessGroupSpec,
  type ServiceRouterSpec,
  type ServiceSplitterSpec,
  type TerminatingGatewaySpec,
  type IngressGatewaySpec,
  type JWTProviderSpec,
  type ControlPlaneRequestLimitSpec,
  type PeeringAcceptorSpec,
  type PeeringDialerSpec,
} from "../../constructs/crd-types";
import { synthJson } from "./helpers";
import { needsReference } from "../support/needs";
import { manifests, must } from "../support";

const crds = needsReference("consul-k8s/crds/index.json", "the consul-k8s 2.0.3 CRD schemas");
const CRDS = path.dirname(crds.path);
const haveCrds = crds.present;

interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  "x-kubernetes-int-or-string"?: boolean;
}

/** A spec type with every field present, as {@link maximal} builds it. */
type Maximal<T> = T extends readonly (infer U)[]
  ? Maximal<U>[]
  : T extends object
    ? { -readonly [K in keyof T]-?: Maximal<T[K]> }
    : T;

/** A value with every field of `s` set: one element per list, one key ("k") per map. */
function maximal(s: Schema): unknown {
  if (s["x-kubernetes-int-or-string"]) return 1;
  switch (s.type) {
    case "string":
      return "v";
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return true;
    case "array":
      return s.items ? [maximal(s.items)] : [];
    case "object":
      if (s.properties) return Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, maximal(v)]));
      if (s.additionalProperties && typeof s.additionalProperties === "object")
        return { k: maximal(s.additionalProperties) };
      return { k: "v" }; // free-form (x-kubernetes-preserve-unknown-fields)
    default:
      return "v";
  }
}

/** Every path of `s`: "a.b", "a.list[].c", "a.map.*.d". */
function schemaPaths(s: Schema, at: string, out: string[] = []): string[] {
  if (s.type === "object" && s.properties) {
    for (const [k, v] of Object.entries(s.properties)) {
      out.push(`${at}.${k}`);
      schemaPaths(v, `${at}.${k}`, out);
    }
  } else if (s.type === "array" && s.items) schemaPaths(s.items, `${at}[]`, out);
  else if (s.type === "object" && s.additionalProperties && typeof s.additionalProperties === "object")
    schemaPaths(s.additionalProperties, `${at}.*`, out);
  return out;
}

/** The schema paths that `value` sets (walked along the schema). */
function presentPaths(s: Schema, value: unknown, at: string, out: Set<string>): Set<string> {
  if (value === undefined || value === null) return out;
  if (s.type === "object" && s.properties && typeof value === "object") {
    for (const [k, v] of Object.entries(s.properties)) {
      const child = (value as Record<string, unknown>)[k];
      if (child === undefined || child === null) continue;
      out.add(`${at}.${k}`);
      presentPaths(v, child, `${at}.${k}`, out);
    }
  } else if (s.type === "array" && s.items && Array.isArray(value))
    for (const v of value) presentPaths(s.items, v, `${at}[]`, out);
  else if (
    s.type === "object" &&
    s.additionalProperties &&
    typeof s.additionalProperties === "object" &&
    typeof value === "object"
  ) {
    for (const v of Object.values(value)) presentPaths(s.additionalProperties, v, `${at}.*`, out);
  }
  return out;
}

/** ServiceDefaults' upstream settings: the CRD shape to the props shape. */
function upstream(
  u: Maximal<NonNullable<NonNullable<ServiceDefaultsSpec["upstreamConfig"]>["defaults"]>>,
): UpstreamDefaults {
  return {
    protocol: u.protocol,
    connectTimeoutMs: u.connectTimeoutMs,
    limits: u.limits,
    passiveHealthCheck: u.passiveHealthCheck,
    meshGatewayMode: u.meshGateway.mode,
    envoyClusterJSON: u.envoyClusterJSON,
    envoyListenerJSON: u.envoyListenerJSON,
  };
}

/** The spec the library renders for a kind, given a maximal spec. Each props object is typed against the kind's props. */
const RENDER: Record<string, (spec: unknown) => unknown> = {
  Mesh: (raw) => {
    const s = raw as Maximal<MeshSpec>;
    const props: MeshProps = {
      peerThroughMeshGateways: s.peering.peerThroughMeshGateways,
      tls: s.tls,
      http: s.http,
      allowEnablingPermissiveMutualTLS: s.allowEnablingPermissiveMutualTLS,
      meshDestinationsOnly: s.transparentProxy.meshDestinationsOnly,
      validateClusters: s.validateClusters,
    };
    return buildMeshSpec(props);
  },
  PeeringAcceptor: (raw) => peeringSpec("acceptor", raw as Maximal<PeeringAcceptorSpec>),
  PeeringDialer: (raw) => peeringSpec("dialer", raw as Maximal<PeeringDialerSpec>),
  ExportedServices: (raw) => {
    const s = raw as Maximal<ExportedServicesSpec>;
    return buildExportedServicesSpec(
      s.services.map((x): ExportedService => ({ name: x.name, consulNamespace: x.namespace, consumers: x.consumers })),
    );
  },
  ServiceIntentions: (raw) => {
    const s = raw as Maximal<ServiceIntentionsSpec>;
    const props: ServiceIntentionsProps = {
      destination: s.destination.name,
      destinationNamespace: s.destination.namespace,
      sources: s.sources as ServiceIntentionsProps["sources"],
      jwt: s.jwt,
    };
    return buildServiceIntentionsSpec(props);
  },
  ServiceResolver: (raw) => {
    const s = raw as Maximal<ServiceResolverSpec>;
    const props: ServiceResolverProps = {
      service: "svc",
      connectTimeout: s.connectTimeout,
      requestTimeout: s.requestTimeout,
      defaultSubset: s.defaultSubset,
      subsets: s.subsets,
      redirect: s.redirect,
      failover: s.failover,
      loadBalancer: s.loadBalancer,
      prioritizeByLocality: s.prioritizeByLocality,
    };
    return buildServiceResolverSpec(props);
  },
  ServiceDefaults: (raw) => {
    const s = raw as Maximal<ServiceDefaultsSpec>;
    const props: ServiceDefaultsProps = {
      service: "svc",
      protocol: s.protocol,
      meshGatewayMode: s.meshGateway.mode,
      mutualTLSMode: s.mutualTLSMode,
      maxInboundConnections: s.maxInboundConnections,
      localConnectTimeoutMs: s.localConnectTimeoutMs,
      localRequestTimeoutMs: s.localRequestTimeoutMs,
      upstreamDefaults: upstream(s.upstreamConfig.defaults),
      upstreamOverrides: s.upstreamConfig.overrides.map((o) => ({
        ...upstream(o),
        name: o.name,
        peer: o.peer,
        consulNamespace: o.namespace,
        partition: o.partition,
      })),
      balanceInboundConnections: s.balanceInboundConnections,
      destination: s.destination,
      envoyExtensions: s.envoyExtensions,
      expose: s.expose,
      externalSNI: s.externalSNI,
      mode: s.mode,
      rateLimits: s.rateLimits,
      transparentProxy: s.transparentProxy,
    };
    return buildServiceDefaultsSpec(props);
  },
  ProxyDefaults: (raw) => {
    const s = raw as Maximal<ProxyDefaultsSpec>;
    const props: ProxyDefaultsProps = {
      meshGatewayMode: s.meshGateway.mode,
      mutualTLSMode: s.mutualTLSMode,
      accessLogs: s.accessLogs,
      config: s.config as ProxyDefaultsProps["config"],
      envoyExtensions: s.envoyExtensions,
      expose: s.expose,
      failoverPolicy: s.failoverPolicy,
      mode: s.mode,
      prioritizeByLocality: s.prioritizeByLocality,
      transparentProxy: s.transparentProxy,
    };
    return buildProxyDefaultsSpec(props);
  },
  SamenessGroup: (raw) => {
    const s = raw as Maximal<SamenessGroupSpec>;
    const props: SamenessGroupProps = { name: "g", ...s };
    return buildSamenessGroupSpec(props);
  },
  ServiceRouter: (raw) => {
    const s = raw as Maximal<ServiceRouterSpec>;
    const props: ServiceRouterProps = { service: "svc", ...s };
    return buildServiceRouterSpec(props);
  },
  ServiceSplitter: (raw) => {
    const s = raw as Maximal<ServiceSplitterSpec>;
    const props: ServiceSplitterProps = { service: "svc", ...s };
    return buildServiceSplitterSpec(props);
  },
  TerminatingGateway: (raw) => {
    const s = raw as Maximal<TerminatingGatewaySpec>;
    return buildTerminatingGatewaySpec({ ...s } satisfies TerminatingGatewayProps);
  },
  IngressGateway: (raw) => {
    const s = raw as Maximal<IngressGatewaySpec>;
    return buildIngressGatewaySpec({ ...s } satisfies IngressGatewayProps);
  },
  JWTProvider: (raw) => {
    const s = raw as Maximal<JWTProviderSpec>;
    const props: JWTProviderProps = { name: "p", ...s };
    return buildJWTProviderSpec(props);
  },
  ControlPlaneRequestLimit: (raw) => {
    const s = raw as Maximal<ControlPlaneRequestLimitSpec>;
    return buildControlPlaneRequestLimitSpec({ ...s } satisfies ControlPlaneRequestLimitProps);
  },
};

/** The peering kinds have one spec path set (peer.secret.{name,key,backend}); synthesize the construct itself. */
function peeringSpec(which: "acceptor" | "dialer", s: Maximal<PeeringAcceptorSpec | PeeringDialerSpec>): unknown {
  const stack = new TerraformStack(Testing.app(), "p");
  const props = { peerName: "p", secretName: s.peer.secret.name, secretKey: s.peer.secret.key };
  if (which === "acceptor") new PeeringAcceptor(stack, "r", props);
  else new PeeringDialer(stack, "r", props);
  return manifests(synthJson(stack))[0].spec;
}

/**
 * Paths that consul-k8s's webhook forbids a value in, so props deliberately cannot set them:
 * a default upstream carries no name, namespace, partition or peer
 * (control-plane/api/v1alpha1/servicedefaults_types.go, Upstream.validate with defaultUpstream).
 */
const FORBIDDEN: Record<string, string[]> = {
  ServiceDefaults: ["name", "namespace", "partition", "peer"].map((k) => `spec.upstreamConfig.defaults.${k}`),
};

const kinds = haveCrds
  ? (JSON.parse(fs.readFileSync(path.join(CRDS, "index.json"), "utf8")) as { kind: string; file: string }[])
  : [];

crds.describe("spec coverage of the CRD schemas", () => {
  it("knows a renderer for every kind of the reference index, and no other", () => {
    expect(Object.keys(RENDER).sort()).toEqual(kinds.map((k) => k.kind).sort());
  });

  let total = 0;
  let covered = 0;
  it.each(kinds.map((k) => [k.kind, k.file]))("%s: props reach every spec path", (kind, file) => {
    const spec = must((JSON.parse(fs.readFileSync(path.join(CRDS, file), "utf8")) as Schema).properties?.spec);
    const want = schemaPaths(spec, "spec").filter((p) => !(FORBIDDEN[kind] ?? []).includes(p));
    const got = presentPaths(spec, RENDER[kind](maximal(spec)), "spec", new Set());
    const missing = want.filter((p) => !got.has(p));
    total += want.length;
    covered += want.length - missing.length;
    expect(missing).toEqual([]);
  });

  it("covers 100% of the reference spec paths", () => {
    expect(total).toBeGreaterThan(500);
    expect(covered).toBe(total);
  });

  it("fails when a builder drops a field (the check can fail)", () => {
    const spec = must(
      (JSON.parse(fs.readFileSync(path.join(CRDS, "ServiceRouter.schema.json"), "utf8")) as Schema).properties?.spec,
    );
    const dropped = presentPaths(spec, { routes: [{ match: { http: { pathPrefix: "/" } } }] }, "spec", new Set());
    expect(schemaPaths(spec, "spec").filter((p) => !dropped.has(p))).toContain("spec.routes[].destination.service");
  });
});

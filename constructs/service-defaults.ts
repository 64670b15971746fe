import { isIP } from "net";
import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ConsulTarget } from "./consul-target";
import type { ServiceDefaultsSpec } from "./crd-types";
import { checkEnterprise, checkFeature } from "./private/edition";
import { Problems } from "./private/problems";
import { checkEnvoyExtensions, checkExpose, checkJsonString, checkKubernetesProxyMode } from "./private/proxy-config";
import { modeOf, pickSpec } from "./private/specs";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource, isConsulProvider } from "./private/target";
import {
  MESH_GATEWAY_MODES,
  MUTUAL_TLS_MODES,
  MeshGatewayMode,
  MutualTlsMode,
  PROTOCOLS,
  Protocol,
  checkDnsLabel,
  checkDuration,
  checkEnum,
  checkInt,
  checkNoWildcard,
  checkRequired,
  isToken,
  toManifest,
} from "./private/validation";

/** Outlier detection of an upstream (Envoy passive health checks). */
export interface PassiveHealthCheck {
  /**
   * Time between ejection sweeps, a Go duration such as "10s".
   * @default - Envoy's default ("10s")
   */
  readonly interval?: string;
  /**
   * Consecutive 5xx (or connection failures, for tcp) before a host is ejected.
   * @default - Envoy's default (5)
   */
  readonly maxFailures?: number;
  /**
   * Percent chance (0-100) that an ejection is enforced after consecutive 5xx.
   * @default - Envoy's default (100)
   */
  readonly enforcingConsecutive5xx?: number;
  /**
   * Highest percentage (0-100) of hosts that may be ejected at once.
   * @default - Envoy's default (10)
   */
  readonly maxEjectionPercent?: number;
  /**
   * Base ejection time, a Go duration such as "30s".
   * @default - Envoy's default ("30s")
   */
  readonly baseEjectionTime?: string;
}

/** Connection limits towards an upstream. */
export interface UpstreamLimits {
  /**
   * Most concurrent connections to each upstream instance.
   * @default - unlimited
   */
  readonly maxConnections?: number;
  /**
   * Most requests queued while waiting for a connection.
   * @default - unlimited
   */
  readonly maxPendingRequests?: number;
  /**
   * Most concurrent requests (HTTP/2, gRPC).
   * @default - unlimited
   */
  readonly maxConcurrentRequests?: number;
}

/** Settings of the upstreams of this service: for all of them (defaults) or for one (overrides). */
export interface UpstreamDefaults {
  /**
   * Protocol of the upstream.
   * @default - the upstream's own protocol
   */
  readonly protocol?: Protocol;
  /**
   * Connect timeout in milliseconds.
   * @default - Consul's default (5000)
   */
  readonly connectTimeoutMs?: number;
  /**
   * Connection limits.
   * @default - none
   */
  readonly limits?: UpstreamLimits;
  /**
   * Outlier detection.
   * @default - none
   */
  readonly passiveHealthCheck?: PassiveHealthCheck;
  /**
   * How to reach the upstream across peers.
   * @default - inherits ProxyDefaults/ServiceDefaults meshGateway
   */
  readonly meshGatewayMode?: MeshGatewayMode;
  /**
   * A full Envoy cluster definition (JSON) that replaces the generated one. Escape hatch.
   * @default - the generated cluster
   */
  readonly envoyClusterJSON?: string;
  /**
   * A full Envoy listener definition (JSON) that replaces the generated one. Escape hatch.
   * @default - the generated listener
   */
  readonly envoyListenerJSON?: string;
}

/** Settings of one upstream (spec.upstreamConfig.overrides[]). */
export interface UpstreamOverride extends UpstreamDefaults {
  /** Name of the upstream service. */
  readonly name: string;
  /**
   * Peer the upstream is imported from, e.g. "cloud". Excludes namespace and partition.
   * @default - a local upstream
   */
  readonly peer?: string;
  /**
   * Consul namespace of the upstream (Consul Enterprise only). Excludes peer.
   * @default - the default namespace
   */
  readonly consulNamespace?: string;
  /**
   * Admin partition of the upstream (Consul Enterprise only). Excludes peer.
   * @default - the local partition
   */
  readonly partition?: string;
}

/** Spec fields of ServiceDefaults that props take as the CRD names them. */
const PASSTHROUGH = [
  "balanceInboundConnections",
  "destination",
  "envoyExtensions",
  "expose",
  "externalSNI",
  "mode",
  "rateLimits",
  "transparentProxy",
] as const;

/** Props of {@link ServiceDefaults}. */
export interface ServiceDefaultsProps
  extends ConsulResourceProps, Pick<ServiceDefaultsSpec, (typeof PASSTHROUGH)[number]> {
  /** The Consul service these defaults are for (also the resource name). */
  readonly service: string;
  /**
   * Protocol the service speaks.
   * @default - inherits ProxyDefaults ("tcp")
   */
  readonly protocol?: Protocol;
  /**
   * How this service's proxies reach upstreams in other peers.
   * @default - inherits ProxyDefaults
   */
  readonly meshGatewayMode?: MeshGatewayMode;
  /**
   * mTLS mode of inbound traffic.
   * @default - inherits ProxyDefaults
   */
  readonly mutualTLSMode?: MutualTlsMode;
  /**
   * Settings for all upstreams of this service.
   * @default - none
   */
  readonly upstreamDefaults?: UpstreamDefaults;
  /**
   * Settings for named upstreams, e.g. `{ name: "c", peer: "onprem", passiveHealthCheck: {...} }`.
   * More can be added with `addUpstreamOverride()`.
   * @default - none
   */
  readonly upstreamOverrides?: UpstreamOverride[];
  /**
   * Most concurrent inbound connections to each instance (must be > 0).
   * @default - unlimited
   */
  readonly maxInboundConnections?: number;
  /**
   * Timeout of connections from the proxy to the local app, in milliseconds (must be > 0).
   * @default - Consul's default (5000)
   */
  readonly localConnectTimeoutMs?: number;
  /**
   * Timeout of HTTP requests from the proxy to the local app, in milliseconds (must be > 0).
   * @default - Consul's default (15000)
   */
  readonly localRequestTimeoutMs?: number;
}

/**
 * The ServiceDefaults config entry of one service: protocol, gateway mode and upstream settings
 * (e.g. passive health checks of peered upstreams for failover).
 */
export class ServiceDefaults extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  /** The service name. */
  public readonly service: string;
  private readonly overrides: UpstreamOverride[] = [];

  constructor(scope: Construct, id: string, props: ServiceDefaultsProps) {
    super(scope, id);
    this.service = props.service;
    const target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "ServiceDefaults", props);
    if (checkRequired(p, "ServiceDefaults.service", props.service))
      checkDnsLabel(p, "ServiceDefaults.service", props.service);
    checkEnum(p, "ServiceDefaults.protocol", props.protocol, PROTOCOLS);
    checkEnum(p, "ServiceDefaults.meshGatewayMode", props.meshGatewayMode, MESH_GATEWAY_MODES);
    checkEnum(p, "ServiceDefaults.mutualTLSMode", props.mutualTLSMode, MUTUAL_TLS_MODES);
    checkInt(p, "ServiceDefaults.maxInboundConnections", props.maxInboundConnections, 1);
    checkInt(p, "ServiceDefaults.localConnectTimeoutMs", props.localConnectTimeoutMs, 1);
    checkInt(p, "ServiceDefaults.localRequestTimeoutMs", props.localRequestTimeoutMs, 1);
    if (props.upstreamDefaults) {
      checkUpstreamDefaults(p, "ServiceDefaults.upstreamDefaults", props.upstreamDefaults);
      const named = props.upstreamDefaults as Partial<UpstreamOverride>;
      for (const k of ["name", "peer", "consulNamespace", "partition"] as const) {
        if (named[k] !== undefined)
          p.add(
            `ServiceDefaults.upstreamDefaults.${k}`,
            named[k],
            "is not allowed in upstream defaults; use an upstream override",
          );
      }
    }
    (props.upstreamOverrides ?? []).forEach((o, i) => {
      checkOverride(p, `ServiceDefaults.upstreamOverrides[${i}]`, o);
      checkOverrideTarget(p, target, `ServiceDefaults.upstreamOverrides[${i}]`, o);
    });
    checkEnum(p, "ServiceDefaults.balanceInboundConnections", props.balanceInboundConnections, ["exact_balance"]);
    checkExpose(p, "ServiceDefaults.expose", props.expose);
    checkEnvoyExtensions(p, "ServiceDefaults.envoyExtensions", props.envoyExtensions);
    // On VMs (a Consul provider) the proxy mode is the service definition\'s to choose.
    if (!isConsulProvider(props.provider))
      checkKubernetesProxyMode(p, "ServiceDefaults", props.mode, props.transparentProxy);
    checkDestination(p, props.destination);
    checkRateLimits(p, props.rateLimits);
    // Per-instance rate limits are a Consul Enterprise (1.17+) feature.
    checkEnterprise(p, target, "ServiceDefaults.rateLimits", props.rateLimits, "service rate limits");
    p.throwIfAny();
    this.overrides.push(...(props.upstreamOverrides ?? []));

    this.resource = createConsulResource(this, {
      kind: "ServiceDefaults",
      name: props.service,
      props,
      spec: Lazy.anyValue({
        produce: () => toManifest(buildServiceDefaultsSpec({ ...props, upstreamOverrides: this.overrides })),
      }),
    });
  }

  /** Adds settings for one upstream, e.g. `{ name: "c", peer: "onprem", passiveHealthCheck: {...} }`. */
  public addUpstreamOverride(override: UpstreamOverride): this {
    const p = new Problems(this.node.path);
    checkOverride(p, `ServiceDefaults.upstreamOverrides[${this.overrides.length}]`, override);
    checkOverrideTarget(
      p,
      ConsulTarget.of(this),
      `ServiceDefaults.upstreamOverrides[${this.overrides.length}]`,
      override,
    );
    p.throwIfAny();
    this.overrides.push(override);
    return this;
  }
}

/** The spec of a ServiceDefaults. */
export function buildServiceDefaultsSpec(props: ServiceDefaultsProps): ServiceDefaultsSpec {
  const overrides = props.upstreamOverrides ?? [];
  return {
    ...pickSpec(props, PASSTHROUGH),
    protocol: props.protocol,
    meshGateway: modeOf(props.meshGatewayMode),
    mutualTLSMode: props.mutualTLSMode,
    maxInboundConnections: props.maxInboundConnections,
    localConnectTimeoutMs: props.localConnectTimeoutMs,
    localRequestTimeoutMs: props.localRequestTimeoutMs,
    upstreamConfig:
      props.upstreamDefaults || overrides.length
        ? {
            defaults: props.upstreamDefaults ? renderUpstream(props.upstreamDefaults) : undefined,
            overrides: overrides.length ? overrides.map(renderOverride) : undefined,
          }
        : undefined,
  };
}

// The webhook checks only upstream.partition; Consul CE rejects a namespace as well.
function checkOverrideTarget(
  p: Problems,
  target: ReturnType<typeof ConsulTarget.of>,
  path: string,
  o: UpstreamOverride,
): void {
  checkFeature(p, target, "namespaces", `${path}.consulNamespace`, o.consulNamespace);
  checkFeature(p, target, "partitions", `${path}.partition`, o.partition);
}

// servicedefaults_types.go ServiceDefaultsDestination.validate: addresses unique IPs or hostnames, a port.
function checkDestination(p: Problems, d: ServiceDefaultsSpec["destination"]): void {
  if (!d) return;
  const addresses = d.addresses ?? [];
  if (!addresses.length)
    p.add("ServiceDefaults.destination.addresses", addresses, "must name at least one IP address or hostname");
  addresses.forEach((a, i) => {
    if (isToken(a)) return;
    // An IP address (IPv6 too, e.g. "::1", as net.ParseIP takes it) or a host name.
    if (isIP(a) === 0 && !/^[A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?$/.test(a))
      p.add(`ServiceDefaults.destination.addresses[${i}]`, a, "is not an IP address or hostname");
    if (addresses.indexOf(a) !== i) p.add(`ServiceDefaults.destination.addresses[${i}]`, a, "is listed more than once");
  });
  if (d.port === undefined) p.add("ServiceDefaults.destination.port", d.port, "is required");
  else checkInt(p, "ServiceDefaults.destination.port", d.port, 1, 65535);
}

function checkRateLimits(p: Problems, r: ServiceDefaultsSpec["rateLimits"]): void {
  const il = r?.instanceLevel;
  if (!il) return;
  const path = "ServiceDefaults.rateLimits.instanceLevel";
  checkInt(p, `${path}.requestsPerSecond`, il.requestsPerSecond, 0);
  checkInt(p, `${path}.requestsMaxBurst`, il.requestsMaxBurst, 0);
  (il.routes ?? []).forEach((route, i) => {
    const rp = `${path}.routes[${i}]`;
    const set = (["pathExact", "pathPrefix", "pathRegex"] as const).filter((k) => route[k]);
    if (set.length !== 1) p.add(rp, route, "must set exactly one of pathExact, pathPrefix, pathRegex");
    checkInt(p, `${rp}.requestsPerSecond`, route.requestsPerSecond, 1);
    checkInt(p, `${rp}.requestsMaxBurst`, route.requestsMaxBurst, 0);
  });
}

function checkUpstreamDefaults(p: Problems, path: string, u: UpstreamDefaults): void {
  checkJsonString(p, `${path}.envoyClusterJSON`, u.envoyClusterJSON);
  checkJsonString(p, `${path}.envoyListenerJSON`, u.envoyListenerJSON);
  checkEnum(p, `${path}.protocol`, u.protocol, PROTOCOLS);
  checkEnum(p, `${path}.meshGatewayMode`, u.meshGatewayMode, MESH_GATEWAY_MODES);
  checkInt(p, `${path}.connectTimeoutMs`, u.connectTimeoutMs, 1);
  if (u.limits) {
    checkInt(p, `${path}.limits.maxConnections`, u.limits.maxConnections, 0);
    checkInt(p, `${path}.limits.maxPendingRequests`, u.limits.maxPendingRequests, 0);
    checkInt(p, `${path}.limits.maxConcurrentRequests`, u.limits.maxConcurrentRequests, 0);
  }
  const h = u.passiveHealthCheck;
  if (h) {
    checkDuration(p, `${path}.passiveHealthCheck.interval`, h.interval);
    checkDuration(p, `${path}.passiveHealthCheck.baseEjectionTime`, h.baseEjectionTime);
    checkInt(p, `${path}.passiveHealthCheck.maxFailures`, h.maxFailures, 0);
    checkInt(p, `${path}.passiveHealthCheck.enforcingConsecutive5xx`, h.enforcingConsecutive5xx, 0, 100);
    checkInt(p, `${path}.passiveHealthCheck.maxEjectionPercent`, h.maxEjectionPercent, 0, 100);
  }
}

function checkOverride(p: Problems, path: string, o: UpstreamOverride): void {
  if (checkRequired(p, `${path}.name`, o.name)) checkDnsLabel(p, `${path}.name`, o.name);
  checkNoWildcard(p, `${path}.peer`, o.peer, "peer");
  if (!o.peer?.includes("*")) checkDnsLabel(p, `${path}.peer`, o.peer);
  if (o.peer && o.consulNamespace)
    p.add(`${path}.consulNamespace`, o.consulNamespace, "cannot be set together with peer; set one");
  if (o.peer && o.partition) p.add(`${path}.partition`, o.partition, "cannot be set together with peer; set one");
  checkUpstreamDefaults(p, path, o);
}

function renderUpstream(u: UpstreamDefaults): object {
  return {
    protocol: u.protocol,
    connectTimeoutMs: u.connectTimeoutMs,
    limits: u.limits ? { ...u.limits } : undefined,
    passiveHealthCheck: u.passiveHealthCheck ? { ...u.passiveHealthCheck } : undefined,
    meshGateway: modeOf(u.meshGatewayMode),
    envoyClusterJSON: u.envoyClusterJSON,
    envoyListenerJSON: u.envoyListenerJSON,
  };
}

function renderOverride(o: UpstreamOverride): object {
  return { name: o.name, namespace: o.consulNamespace, partition: o.partition, peer: o.peer, ...renderUpstream(o) };
}

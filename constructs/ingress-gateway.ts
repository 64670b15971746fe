import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { ConsulTarget, ResolvedConsulTarget } from "./consul-target";
import type {
  IngressGatewayDefaults,
  IngressGatewayListener,
  IngressGatewaySpec,
  IngressGatewayTls,
} from "./crd-types";
import { TLS_VERSIONS } from "./mesh";
import { checkFeature } from "./private/edition";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
import { Problems } from "./private/problems";
import { pickSpec } from "./private/specs";
import {
  PROTOCOLS,
  checkDnsLabel,
  checkDuration,
  checkEnum,
  checkInt,
  isToken,
  toManifest,
} from "./private/validation";

/** Props of {@link IngressGateway}. */
export interface IngressGatewayProps extends ConsulResourceProps, IngressGatewaySpec {
  /**
   * Name of the ingress gateway service (the resource and config entry name); the chart's
   * `ingressGateways.gateways[].name`.
   * @default "ingress-gateway"
   */
  readonly gatewayName?: string;
}

/** Options of {@link IngressGateway.addListener}: one listener port and the services behind it. */
export interface IngressGatewayListenerOptions extends IngressGatewayListener {}

/**
 * The IngressGateway config entry: the listeners of an ingress gateway and the mesh services each
 * exposes to clients outside the mesh.
 */
export class IngressGateway extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  private readonly listeners: IngressGatewayListener[] = [];
  private readonly target: ResolvedConsulTarget;

  constructor(scope: Construct, id: string, props: IngressGatewayProps = {}) {
    super(scope, id);
    this.target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "IngressGateway", props);
    checkDnsLabel(p, "IngressGateway.gatewayName", props.gatewayName);
    checkTls(p, "IngressGateway.tls", props.tls);
    checkLimits(p, "IngressGateway.defaults", props.defaults);
    const listeners = props.listeners ?? [];
    listeners.forEach((l, i) => {
      checkListener(p, this.target, `IngressGateway.listeners[${i}]`, l, listeners.slice(0, i));
    });
    p.throwIfAny();
    this.listeners.push(...(props.listeners ?? []));

    this.node.addValidation({
      validate: () =>
        this.listeners.length
          ? []
          : [
              `${this.node.path}: IngressGateway.listeners: [] must have at least one listener; pass listeners or call addListener()`,
            ],
    });
    this.resource = createConsulResource(this, {
      kind: "IngressGateway",
      name: props.gatewayName ?? "ingress-gateway",
      props,
      spec: Lazy.anyValue({
        produce: () => toManifest(buildIngressGatewaySpec({ ...props, listeners: this.listeners })),
      }),
    });
  }

  /** Adds a listener, e.g. `{ port: 8080, protocol: "http", services: [{ name: "web", hosts: ["web.example.com"] }] }`. */
  public addListener(listener: IngressGatewayListenerOptions): this {
    const p = new Problems(this.node.path);
    checkListener(p, this.target, `IngressGateway.listeners[${this.listeners.length}]`, listener, this.listeners);
    p.throwIfAny();
    this.listeners.push(listener);
    return this;
  }
}

/** The spec of an IngressGateway. */
export function buildIngressGatewaySpec(props: IngressGatewaySpec): IngressGatewaySpec {
  return pickSpec(props, ["defaults", "listeners", "tls"]);
}

function checkTls(p: Problems, path: string, tls: IngressGatewayTls | undefined): void {
  if (!tls) return;
  checkEnum(p, `${path}.tlsMinVersion`, tls.tlsMinVersion, TLS_VERSIONS);
  checkEnum(p, `${path}.tlsMaxVersion`, tls.tlsMaxVersion, TLS_VERSIONS);
}

// consul-k8s ingressgateway_types.go IngressServiceConfig.validate: limits must be > 0.
function checkLimits(p: Problems, path: string, l: IngressGatewayDefaults | undefined): void {
  if (!l) return;
  for (const k of ["maxConnections", "maxPendingRequests", "maxConcurrentRequests"] as const)
    checkInt(p, `${path}.${k}`, l[k], 1);
  const h = l.passiveHealthCheck;
  if (h) {
    checkDuration(p, `${path}.passiveHealthCheck.interval`, h.interval);
    checkDuration(p, `${path}.passiveHealthCheck.baseEjectionTime`, h.baseEjectionTime);
    checkInt(p, `${path}.passiveHealthCheck.enforcingConsecutive5xx`, h.enforcingConsecutive5xx, 0, 100);
    checkInt(p, `${path}.passiveHealthCheck.maxEjectionPercent`, h.maxEjectionPercent, 0, 100);
  }
}

// consul-k8s ingressgateway_types.go IngressListener.validate.
function checkListener(
  p: Problems,
  target: ResolvedConsulTarget,
  path: string,
  l: IngressGatewayListener,
  before: readonly IngressGatewayListener[],
): void {
  checkInt(p, `${path}.port`, l.port, 1, 65535);
  if (!isToken(l.port) && before.some((b) => b.port === l.port))
    p.add(`${path}.port`, l.port, "is already a listener port");
  if (l.protocol === undefined)
    p.add(`${path}.protocol`, l.protocol, `is required; use one of ${PROTOCOLS.join(", ")}`);
  else checkEnum(p, `${path}.protocol`, l.protocol, PROTOCOLS);
  const services = l.services ?? [];
  if (l.protocol === "tcp" && services.length > 1)
    p.add(
      `${path}.services`,
      services.map((s) => s.name),
      `has ${services.length} services; a "tcp" listener takes one`,
    );
  checkTls(p, `${path}.tls`, l.tls);
  services.forEach((s, i) => {
    const sp = `${path}.services[${i}]`;
    if (s.name === "*" && l.protocol !== "http")
      p.add(`${sp}.name`, s.name, `needs protocol "http" (the listener's is ${JSON.stringify(l.protocol)})`);
    else if (s.name !== "*") checkDnsLabel(p, `${sp}.name`, s.name);
    if (s.name === "*" && s.hosts?.length) p.add(`${sp}.hosts`, s.hosts, 'must be empty when name is "*"');
    if (l.protocol === "tcp" && s.hosts?.length) p.add(`${sp}.hosts`, s.hosts, 'must be empty when protocol is "tcp"');
    checkFeature(p, target, "namespaces", `${sp}.namespace`, s.namespace);
    checkFeature(p, target, "partitions", `${sp}.partition`, s.partition);
    checkLimits(p, sp, s);
  });
}

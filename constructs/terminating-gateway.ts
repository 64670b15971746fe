import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Problems } from "./private/problems";
import { ConsulResourceProps } from "./consul-resource";
import { checkConsulResourceProps, createConsulManifest } from "./private/kubernetes";
import { checkDnsLabel, checkRequired, toManifest } from "./private/validation";

/** A service outside the mesh that the terminating gateway proxies to. */
export interface TerminatingGatewayService {
  /** Consul service name of the external service (registered separately), or "*" for all in the namespace. */
  readonly name: string;
  /**
   * Consul namespace of the service. Consul Enterprise only.
   * @default - the default namespace
   */
  readonly namespace?: string;
  /**
   * CA file (path on the gateway) to verify the service's certificate.
   * @default - no TLS origination
   */
  readonly caFile?: string;
  /**
   * Client certificate file; needs keyFile.
   * @default - none
   */
  readonly certFile?: string;
  /**
   * Client key file; needs certFile.
   * @default - none
   */
  readonly keyFile?: string;
  /**
   * SNI to send to the service.
   * @default - none
   */
  readonly sni?: string;
  /**
   * Keep the Host header as the client sent it.
   * @default false
   */
  readonly disableAutoHostRewrite?: boolean;
}

/** Props of {@link TerminatingGateway}. */
export interface TerminatingGatewayProps extends ConsulResourceProps {
  /**
   * Name of the terminating gateway service (the resource name).
   * @default "terminating-gateway"
   */
  readonly gatewayName?: string;
  /**
   * Linked services; more can be added with `addService()`.
   * @default - none
   */
  readonly services?: TerminatingGatewayService[];
}

/**
 * The TerminatingGateway config entry: services outside the mesh that mesh services reach through
 * the terminating gateway.
 */
export class TerminatingGateway extends Construct {
  /** The emitted `kubernetes_manifest`. */
  public readonly resource: Manifest;
  private readonly services: TerminatingGatewayService[] = [];

  constructor(scope: Construct, id: string, props: TerminatingGatewayProps = {}) {
    super(scope, id);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "TerminatingGateway", props);
    checkDnsLabel(p, "TerminatingGateway.gatewayName", props.gatewayName);
    (props.services ?? []).forEach((s, i) => checkService(p, `TerminatingGateway.services[${i}]`, s, props.services!.slice(0, i)));
    p.throwIfAny();
    this.services.push(...(props.services ?? []));

    this.resource = createConsulManifest(this, {
      kind: "TerminatingGateway",
      name: props.gatewayName ?? "terminating-gateway",
      props,
      spec: { services: Lazy.anyValue({ produce: () => toManifest(this.services.map((s) => ({ ...s }))) }) },
    });
  }

  /** Links one more external service. */
  public addService(service: TerminatingGatewayService): this {
    const p = new Problems(this.node.path);
    checkService(p, `TerminatingGateway.services[${this.services.length}]`, service, this.services);
    p.throwIfAny();
    this.services.push(service);
    return this;
  }
}

function checkService(p: Problems, path: string, s: TerminatingGatewayService, before: readonly TerminatingGatewayService[]): void {
  if (checkRequired(p, `${path}.name`, s.name)) checkDnsLabel(p, `${path}.name`, s.name, { wildcard: true });
  checkDnsLabel(p, `${path}.namespace`, s.namespace, { wildcard: true });
  if (!!s.certFile !== !!s.keyFile) {
    const missing = s.certFile ? "keyFile" : "certFile";
    p.add(`${path}.${missing}`, s[missing], `is required when ${missing === "keyFile" ? "certFile" : "keyFile"} is set`);
  }
  const dup = before.findIndex((b) => b.name === s.name && (b.namespace ?? "") === (s.namespace ?? ""));
  if (dup >= 0) p.add(`${path}.name`, s.name, `is already linked (services[${dup}])`);
}

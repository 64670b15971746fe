import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ConsulTarget, ResolvedConsulTarget } from "./consul-target";
import type { TerminatingGatewayDeployment, TerminatingGatewayService, TerminatingGatewaySpec } from "./crd-types";
import { checkFeature } from "./private/edition";
import { Problems } from "./private/problems";
import { pickSpec } from "./private/specs";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
import { checkDnsLabel, checkRequired, toManifest } from "./private/validation";

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
  /**
   * A gateway Deployment that consul-k8s manages for this entry (credential injection).
   * @default - none (the chart's terminatingGateways run the gateway)
   */
  readonly deployment?: TerminatingGatewayDeployment;
}

/**
 * The TerminatingGateway config entry: services outside the mesh that mesh services reach through
 * the terminating gateway.
 */
export class TerminatingGateway extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  private readonly services: TerminatingGatewayService[] = [];
  private readonly target: ResolvedConsulTarget;

  constructor(scope: Construct, id: string, props: TerminatingGatewayProps = {}) {
    super(scope, id);
    this.target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "TerminatingGateway", props);
    checkDnsLabel(p, "TerminatingGateway.gatewayName", props.gatewayName);
    const services = props.services ?? [];
    services.forEach((s, i) => {
      checkService(p, this.target, `TerminatingGateway.services[${i}]`, s, services.slice(0, i));
    });
    p.throwIfAny();
    this.services.push(...(props.services ?? []));

    this.resource = createConsulResource(this, {
      kind: "TerminatingGateway",
      name: props.gatewayName ?? "terminating-gateway",
      props,
      spec: Lazy.anyValue({
        produce: () => toManifest(buildTerminatingGatewaySpec({ ...props, services: this.services })),
      }),
    });
  }

  /** Links one more external service, e.g. `{ name: "payments-db", caFile: "/etc/ssl/ca.pem" }`. */
  public addService(service: TerminatingGatewayService): this {
    const p = new Problems(this.node.path);
    checkService(p, this.target, `TerminatingGateway.services[${this.services.length}]`, service, this.services);
    p.throwIfAny();
    this.services.push(service);
    return this;
  }
}

/** The spec of a TerminatingGateway. */
export function buildTerminatingGatewaySpec(props: TerminatingGatewaySpec): TerminatingGatewaySpec {
  return pickSpec(props, ["deployment", "services"]);
}

function checkService(
  p: Problems,
  target: ResolvedConsulTarget,
  path: string,
  s: TerminatingGatewayService,
  before: readonly TerminatingGatewayService[],
): void {
  if (checkRequired(p, `${path}.name`, s.name)) checkDnsLabel(p, `${path}.name`, s.name, { wildcard: true });
  checkDnsLabel(p, `${path}.namespace`, s.namespace, { wildcard: true });
  checkFeature(p, target, "namespaces", `${path}.namespace`, s.namespace);
  checkDnsLabel(p, `${path}.secretRef.name`, s.secretRef?.name);
  if (!!s.certFile !== !!s.keyFile) {
    const missing = s.certFile ? "keyFile" : "certFile";
    p.add(
      `${path}.${missing}`,
      s[missing],
      `is required when ${missing === "keyFile" ? "certFile" : "keyFile"} is set`,
    );
  }
  const dup = before.findIndex((b) => b.name === s.name && (b.namespace ?? "") === (s.namespace ?? ""));
  if (dup >= 0) p.add(`${path}.name`, s.name, `is already linked (services[${dup}])`);
}

import { Construct } from "constructs";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { ConsulTarget } from "./consul-target";
import type { ServiceSplitterSplit, ServiceSplitterSpec } from "./crd-types";
import { checkFeature } from "./private/edition";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
import { Problems } from "./private/problems";
import { pickSpec } from "./private/specs";
import { checkDnsLabel, checkRequired, isToken } from "./private/validation";

/** Props of {@link ServiceSplitter}. */
export interface ServiceSplitterProps extends ConsulResourceProps, ServiceSplitterSpec {
  /** The service whose traffic is split (the resource and config entry name). */
  readonly service: string;
  /** The splits; their weights (0.01 to 100) add up to 100. */
  readonly splits: ServiceSplitterSplit[];
}

/**
 * The ServiceSplitter config entry of one service: splits its traffic by weight between subsets
 * or services, e.g. a canary. Needs an http, http2 or grpc service.
 */
export class ServiceSplitter extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  /** The service name. */
  public readonly service: string;

  constructor(scope: Construct, id: string, props: ServiceSplitterProps) {
    super(scope, id);
    this.service = props.service;
    const target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "ServiceSplitter", props);
    if (checkRequired(p, "ServiceSplitter.service", props.service))
      checkDnsLabel(p, "ServiceSplitter.service", props.service);
    // consul-k8s servicesplitter_types.go: each weight 0.01-100 (or 0), the sum exactly 100.
    // A list that is a token is known only at deploy: nothing to check in it now.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
    const splits = isToken(props.splits) ? [] : (props.splits ?? []);
    let sum = 0;
    let judged = true;
    splits.forEach((s, i) => {
      const path = `ServiceSplitter.splits[${i}]`;
      if (isToken(s.weight)) judged = false;
      else if (typeof s.weight !== "number" || (s.weight !== 0 && (s.weight < 0.01 || s.weight > 100)))
        p.add(`${path}.weight`, s.weight, "is not a percentage between 0.01 and 100");
      else sum += s.weight;
      checkDnsLabel(p, `${path}.service`, s.service);
      checkFeature(p, target, "namespaces", `${path}.namespace`, s.namespace);
      checkFeature(p, target, "partitions", `${path}.partition`, s.partition);
    });
    // Weights are float32 in Consul; allow rounding noise, as Consul does when summing.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
    if (judged && !isToken(props.splits) && Math.abs(sum - 100) > 1e-3)
      p.add(
        "ServiceSplitter.splits",
        splits.map((s) => s.weight),
        `have weights adding up to ${Math.round(sum * 1000) / 1000}; they must add up to 100`,
      );
    p.throwIfAny();

    this.resource = createConsulResource(this, {
      kind: "ServiceSplitter",
      name: props.service,
      props,
      spec: buildServiceSplitterSpec(props),
    });
  }
}

/** The spec of a ServiceSplitter. */
export function buildServiceSplitterSpec(props: ServiceSplitterSpec): ServiceSplitterSpec {
  return pickSpec(props, ["splits"]);
}

import { Construct } from "constructs";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { ConsulTarget } from "./consul-target";
import type { ControlPlaneRequestLimitSpec } from "./crd-types";
import { checkEnterprise } from "./private/edition";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
import { Problems } from "./private/problems";
import { pickSpec } from "./private/specs";
import { checkEnum, isToken } from "./private/validation";

/** Modes of the control-plane request limiter. */
export const REQUEST_LIMIT_MODES = ["permissive", "enforcing", "disabled"] as const;

/** Props of {@link ControlPlaneRequestLimit}. */
export interface ControlPlaneRequestLimitProps extends ConsulResourceProps, ControlPlaneRequestLimitSpec {
  /** "enforcing" rejects requests over the limits, "permissive" only logs them. */
  readonly mode: (typeof REQUEST_LIMIT_MODES)[number];
  /** Writes per second allowed from one source IP (must be > 0). */
  readonly writeRate: number;
}

const AREAS = [
  "acl",
  "catalog",
  "configEntry",
  "connectCA",
  "coordinate",
  "discoveryChain",
  "health",
  "intention",
  "kv",
  "preparedQuery",
  "session",
  "tenancy",
  "txn",
] as const;

/**
 * The ControlPlaneRequestLimit config entry (a singleton named "controlplanerequestlimit"): per
 * source-IP read/write rate limits of the Consul servers, overall and per API area. Consul
 * Enterprise only, written to the default partition (it applies to all partitions).
 */
export class ControlPlaneRequestLimit extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;

  constructor(scope: Construct, id: string, props: ControlPlaneRequestLimitProps) {
    super(scope, id);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "ControlPlaneRequestLimit", props);
    const target = ConsulTarget.of(this);
    checkEnterprise(p, target, "ControlPlaneRequestLimit.mode", props.mode, "control-plane request limits");
    if (target.partition !== "default")
      p.add(
        "ControlPlaneRequestLimit",
        target.partition,
        'is the target partition; this entry can only be written to the "default" partition',
      );
    // consul-k8s controlplanerequestlimit_types.go Validate(): mode required, readRate >= 0, writeRate > 0.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
    if (props.mode === undefined)
      p.add("ControlPlaneRequestLimit.mode", props.mode, `is required; use one of ${REQUEST_LIMIT_MODES.join(", ")}`);
    else checkEnum(p, "ControlPlaneRequestLimit.mode", props.mode, REQUEST_LIMIT_MODES);
    checkRates(p, "ControlPlaneRequestLimit", props);
    for (const area of AREAS) if (props[area]) checkRates(p, `ControlPlaneRequestLimit.${area}`, props[area]);
    p.throwIfAny();
    // consul-k8s's webhook accepts only this name (controlplanerequestlimit_webhook.go).
    this.resource = createConsulResource(this, {
      kind: "ControlPlaneRequestLimit",
      name: "controlplanerequestlimit",
      props,
      spec: buildControlPlaneRequestLimitSpec(props),
    });
  }
}

function checkRates(p: Problems, path: string, r: { readonly readRate?: number; readonly writeRate?: number }): void {
  if (r.readRate !== undefined && !isToken(r.readRate) && !(r.readRate >= 0))
    p.add(`${path}.readRate`, r.readRate, "must be >= 0");
  if (!isToken(r.writeRate) && !((r.writeRate ?? 0) > 0)) p.add(`${path}.writeRate`, r.writeRate, "must be > 0");
}

/** The spec of a ControlPlaneRequestLimit. */
export function buildControlPlaneRequestLimitSpec(props: ControlPlaneRequestLimitSpec): ControlPlaneRequestLimitSpec {
  return pickSpec(props, ["mode", "readRate", "writeRate", ...AREAS]);
}

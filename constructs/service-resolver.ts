import { Construct } from "constructs";
import { ConsulTarget, ResolvedConsulTarget } from "./consul-target";
import type {
  ServiceResolverLoadBalancer,
  ServiceResolverPrioritizeByLocality,
  ServiceResolverRedirect,
  ServiceResolverSpec,
} from "./crd-types";
import { checkFeature } from "./private/edition";
import { Problems } from "./private/problems";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
import { checkDnsLabel, checkDuration, checkEnum, checkNoWildcard, checkRequired, isToken } from "./private/validation";

/** Failover policy modes. */
export const FAILOVER_POLICY_MODES = ["sequential", "order-by-locality"] as const;
/** A failover policy mode. */
export type FailoverPolicyMode = (typeof FAILOVER_POLICY_MODES)[number];

/** A named subset of the service's instances. */
export interface ServiceResolverSubset {
  /**
   * Consul filter expression selecting the instances, e.g. `Service.Meta.version == v2`.
   * @default - all instances
   */
  readonly filter?: string;
  /**
   * Only healthy (passing) instances.
   * @default false
   */
  readonly onlyPassing?: boolean;
}

/** One failover target. A peer excludes serviceSubset, partition and datacenter. */
export interface ServiceResolverFailoverTarget {
  /**
   * Peer to fail over to, e.g. "onprem".
   * @default - local
   */
  readonly peer?: string;
  /**
   * Service name at the target.
   * @default - this service
   */
  readonly service?: string;
  /**
   * Subset at the target.
   * @default - the default subset
   */
  readonly serviceSubset?: string;
  /**
   * Consul namespace at the target. Consul Enterprise only.
   * @default - this namespace
   */
  readonly namespace?: string;
  /**
   * Admin partition of the target. Consul Enterprise only. Excludes peer and datacenter.
   * @default - this partition
   */
  readonly partition?: string;
  /**
   * Datacenter of the target (WAN federation). Excludes peer and partition.
   * @default - this datacenter
   */
  readonly datacenter?: string;
}

/** Failover policy. */
export interface ServiceResolverFailoverPolicy {
  /**
   * Order of the targets.
   * @default "sequential"
   */
  readonly mode?: FailoverPolicyMode;
  /**
   * Region order for "order-by-locality".
   * @default - none
   */
  readonly regions?: string[];
}

/** Failover of one subset (key "*" = all). `targets` excludes datacenters, service and serviceSubset. */
export interface ServiceResolverFailover {
  /**
   * Ordered targets.
   * @default - none
   */
  readonly targets?: ServiceResolverFailoverTarget[];
  /**
   * Service to fail over to (without targets).
   * @default - none
   */
  readonly service?: string;
  /**
   * Subset to fail over to (without targets).
   * @default - none
   */
  readonly serviceSubset?: string;
  /**
   * Consul namespace to fail over to. Consul Enterprise only.
   * @default - none
   */
  readonly namespace?: string;
  /**
   * Datacenters to fail over to, in order (without targets).
   * @default - none
   */
  readonly datacenters?: string[];
  /**
   * Sameness group to fail over to. Consul Enterprise only; excludes datacenters, serviceSubset, targets.
   * @default - none
   */
  readonly samenessGroup?: string;
  /**
   * Target ordering policy.
   * @default - sequential
   */
  readonly policy?: ServiceResolverFailoverPolicy;
}

/** Props of {@link ServiceResolver}. */
export interface ServiceResolverProps extends ConsulResourceProps {
  /** Service this resolver applies to (also the resource name). */
  readonly service: string;
  /**
   * Timeout to connect to an instance, a Go duration such as "5s".
   * @default - Consul's default ("5s")
   */
  readonly connectTimeout?: string;
  /**
   * Timeout of HTTP requests, a Go duration such as "15s".
   * @default - Consul's default ("15s")
   */
  readonly requestTimeout?: string;
  /**
   * Named subsets of instances (names are DNS-1123 labels).
   * @default - none
   */
  readonly subsets?: { readonly [name: string]: ServiceResolverSubset };
  /**
   * Subset used when none is asked for; must be one of `subsets`.
   * @default - all instances
   */
  readonly defaultSubset?: string;
  /**
   * Redirect all traffic. Excludes failover.
   * @default - no redirect
   */
  readonly redirect?: ServiceResolverRedirect;
  /**
   * Failover keyed by subset name, "*" for all subsets. Excludes redirect.
   * @default - no failover
   */
  readonly failover?: { readonly [subset: string]: ServiceResolverFailover };
  /**
   * Shorthand: peers to fail over to, in order; renders `failover: {"*": {targets: [{peer}...]}}`.
   * Excludes `failover["*"]` and redirect.
   * @default - no failover
   */
  readonly failoverPeers?: string[];
  /**
   * Load-balancing policy among the instances (e.g. "least_request", or "ring_hash" with hash policies).
   * @default - Envoy's default (round robin)
   */
  readonly loadBalancer?: ServiceResolverLoadBalancer;
  /**
   * Prefer instances in the caller's locality ("failover" mode).
   * @default - no locality preference
   */
  readonly prioritizeByLocality?: ServiceResolverPrioritizeByLocality;
}

/**
 * The ServiceResolver config entry of one service: subsets, redirect and failover (e.g. to a peer).
 */
export class ServiceResolver extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  /** The service name. */
  public readonly service: string;

  constructor(scope: Construct, id: string, props: ServiceResolverProps) {
    super(scope, id);
    this.service = props.service;
    const target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "ServiceResolver", props);
    if (checkRequired(p, "ServiceResolver.service", props.service))
      checkDnsLabel(p, "ServiceResolver.service", props.service);
    checkDuration(p, "ServiceResolver.connectTimeout", props.connectTimeout);
    checkDuration(p, "ServiceResolver.requestTimeout", props.requestTimeout);
    const subsets = Object.keys(props.subsets ?? {});
    for (const s of subsets) checkDnsLabel(p, `ServiceResolver.subsets.${s}`, s);
    if (props.defaultSubset !== undefined && !isToken(props.defaultSubset) && !subsets.includes(props.defaultSubset)) {
      p.add(
        "ServiceResolver.defaultSubset",
        props.defaultSubset,
        `is not one of the subsets (${subsets.map((s) => JSON.stringify(s)).join(", ") || "none defined"})`,
      );
    }

    const failover: { [subset: string]: ServiceResolverFailover } = { ...(props.failover ?? {}) };
    if (props.failoverPeers !== undefined && !isToken(props.failoverPeers)) {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a missing index or key reads undefined (noUncheckedIndexedAccess is off)
      if (failover["*"])
        p.add(
          "ServiceResolver.failoverPeers",
          props.failoverPeers,
          'cannot be set together with failover["*"]; use one',
        );
      else if (!props.failoverPeers.length)
        p.add("ServiceResolver.failoverPeers", props.failoverPeers, "must name at least one peer");
      else {
        props.failoverPeers.forEach((peer, i) => {
          checkNoWildcard(p, `ServiceResolver.failoverPeers[${i}]`, peer, "peer");
          if (!peer.includes("*")) checkDnsLabel(p, `ServiceResolver.failoverPeers[${i}]`, peer);
        });
        failover["*"] = { targets: props.failoverPeers.map((peer) => ({ peer })) };
      }
    }
    const hasFailover = Object.keys(failover).length > 0;
    if (props.redirect && hasFailover) {
      p.add(
        "ServiceResolver.redirect",
        props.redirect,
        `cannot be set together with ${props.failover ? "failover" : "failoverPeers"}; use one`,
      );
    }
    if (props.redirect) checkRedirect(p, "ServiceResolver.redirect", props.redirect);
    if (props.redirect) checkRedirectTarget(p, target, "ServiceResolver.redirect", props.redirect);
    checkLoadBalancer(p, props.loadBalancer);
    checkEnum(p, "ServiceResolver.prioritizeByLocality.mode", props.prioritizeByLocality?.mode, ["none", "failover"]);
    for (const [key, f] of Object.entries(props.failover ?? {})) {
      const fp = `ServiceResolver.failover[${JSON.stringify(key)}]`;
      if (key !== "*" && !subsets.includes(key))
        p.add(
          fp,
          key,
          `is not "*" or one of the subsets (${subsets.map((s) => JSON.stringify(s)).join(", ") || "none defined"})`,
        );
      checkFailover(p, fp, f);
      checkFailoverTarget(p, target, fp, f);
    }
    p.throwIfAny();

    this.resource = createConsulResource(this, {
      kind: "ServiceResolver",
      name: props.service,
      props,
      spec: buildServiceResolverSpec({
        ...props,
        failover: hasFailover ? failover : undefined,
        failoverPeers: undefined,
      }),
    });
  }
}

/** The spec of a ServiceResolver (failoverPeers already merged into failover). */
export function buildServiceResolverSpec(props: ServiceResolverProps): ServiceResolverSpec {
  return {
    connectTimeout: props.connectTimeout,
    requestTimeout: props.requestTimeout,
    defaultSubset: props.defaultSubset,
    subsets: props.subsets && Object.keys(props.subsets).length ? copyMap(props.subsets) : undefined,
    redirect: props.redirect ? { ...props.redirect } : undefined,
    failover: props.failover && Object.keys(props.failover).length ? renderFailover({ ...props.failover }) : undefined,
    loadBalancer: props.loadBalancer,
    prioritizeByLocality: props.prioritizeByLocality,
  };
}

const LB_POLICIES = ["random", "round_robin", "least_request", "ring_hash", "maglev"] as const;

// Consul's LoadBalancer validation (agent/structs/config_entry_discoverychain.go): hash policies
// only with ring_hash or maglev; each sets field+fieldValue or sourceIP; cookieConfig only for cookies.
function checkLoadBalancer(p: Problems, lb: ServiceResolverLoadBalancer | undefined): void {
  if (!lb) return;
  const path = "ServiceResolver.loadBalancer";
  checkEnum(p, `${path}.policy`, lb.policy, LB_POLICIES);
  const hashing = lb.policy === "ring_hash" || lb.policy === "maglev";
  if (lb.hashPolicies?.length && !hashing)
    p.add(`${path}.hashPolicies`, lb.hashPolicies, 'need policy "ring_hash" or "maglev"');
  if (lb.ringHashConfig && lb.policy !== "ring_hash")
    p.add(`${path}.ringHashConfig`, lb.ringHashConfig, 'needs policy "ring_hash"');
  if (lb.leastRequestConfig && lb.policy !== "least_request")
    p.add(`${path}.leastRequestConfig`, lb.leastRequestConfig, 'needs policy "least_request"');
  (lb.hashPolicies ?? []).forEach((h, i) => {
    const hp = `${path}.hashPolicies[${i}]`;
    checkEnum(p, `${hp}.field`, h.field, ["header", "cookie", "query_parameter"]);
    if (h.sourceIP && h.field) p.add(hp, h, "sets sourceIP and field; set one");
    if (!h.sourceIP && !h.field) p.add(hp, h, "must set field (with fieldValue) or sourceIP");
    if (h.field && !h.fieldValue) p.add(`${hp}.fieldValue`, h.fieldValue, "is required with field");
    if (h.cookieConfig && h.field !== "cookie") p.add(`${hp}.cookieConfig`, h.cookieConfig, 'needs field "cookie"');
    if (h.cookieConfig?.session && h.cookieConfig.ttl)
      p.add(`${hp}.cookieConfig.ttl`, h.cookieConfig.ttl, "cannot be set together with session");
    checkDuration(p, `${hp}.cookieConfig.ttl`, h.cookieConfig?.ttl);
  });
}

// consul-k8s serviceresolver_types.go validateEnterprise, and the partition rules of
// ServiceResolverRedirect.validate / ServiceResolverFailover.validate.
function checkRedirectTarget(
  p: Problems,
  target: ResolvedConsulTarget,
  path: string,
  r: ServiceResolverRedirect,
): void {
  checkFeature(p, target, "namespaces", `${path}.namespace`, r.namespace);
  checkFeature(p, target, "partitions", `${path}.partition`, r.partition);
  checkFeature(p, target, "samenessGroups", `${path}.samenessGroup`, r.samenessGroup);
  if (set(r.datacenter) && target.partition !== "default")
    p.add(`${path}.datacenter`, r.datacenter, "is only allowed in the default partition (cross-datacenter redirect)");
}

function checkFailoverTarget(
  p: Problems,
  target: ResolvedConsulTarget,
  path: string,
  f: ServiceResolverFailover,
): void {
  checkFeature(p, target, "namespaces", `${path}.namespace`, f.namespace);
  checkFeature(p, target, "samenessGroups", `${path}.samenessGroup`, f.samenessGroup);
  if (f.datacenters?.length && target.partition !== "default")
    p.add(
      `${path}.datacenters`,
      f.datacenters,
      "are only allowed in the default partition (cross-datacenter failover)",
    );
  (f.targets ?? []).forEach((t, i) => {
    checkFeature(p, target, "namespaces", `${path}.targets[${i}].namespace`, t.namespace);
    checkFeature(p, target, "partitions", `${path}.targets[${i}].partition`, t.partition);
    if (set(t.datacenter) && target.partition !== "default")
      p.add(
        `${path}.targets[${i}].datacenter`,
        t.datacenter,
        "is only allowed in the default partition (cross-datacenter failover)",
      );
  });
}

function copyMap<T extends object>(m: { readonly [k: string]: T }): { [k: string]: T } {
  const out: { [k: string]: T } = {};
  for (const [k, v] of Object.entries(m)) out[k] = { ...v };
  return out;
}

function renderFailover(failover: { [subset: string]: ServiceResolverFailover }): {
  [subset: string]: ServiceResolverFailover;
} {
  const out: { [k: string]: ServiceResolverFailover } = {};
  for (const [k, f] of Object.entries(failover)) {
    out[k] = {
      ...f,
      targets: f.targets?.map((t) => ({ ...t })),
      datacenters: f.datacenters ? [...f.datacenters] : undefined,
      policy: f.policy
        ? { mode: f.policy.mode, regions: f.policy.regions ? [...f.policy.regions] : undefined }
        : undefined,
    };
  }
  return out;
}

function set(v: string | undefined): boolean {
  return v !== undefined && v !== "";
}

function checkRedirect(p: Problems, path: string, r: ServiceResolverRedirect): void {
  const keys = ["service", "serviceSubset", "namespace", "partition", "datacenter", "peer", "samenessGroup"] as const;
  if (!keys.some((k) => set(r[k]))) {
    p.add(path, r, "is empty; set at least a service, peer, datacenter or samenessGroup");
    return;
  }
  checkDnsLabel(p, `${path}.service`, r.service);
  checkNoWildcard(p, `${path}.peer`, r.peer, "peer");
  const pairs: [keyof ServiceResolverRedirect, keyof ServiceResolverRedirect][] = [
    ["samenessGroup", "serviceSubset"],
    ["samenessGroup", "partition"],
    ["samenessGroup", "datacenter"],
    ["peer", "serviceSubset"],
    ["peer", "partition"],
    ["peer", "datacenter"],
  ];
  for (const [a, b] of pairs)
    if (set(r[a]) && set(r[b])) p.add(`${path}.${b}`, r[b], `cannot be set together with ${a}`);
  if (set(r.partition) && set(r.datacenter))
    p.add(
      `${path}.datacenter`,
      r.datacenter,
      "cannot be set together with partition (cross-datacenter and cross-partition redirect is not supported)",
    );
  if (!set(r.service)) {
    for (const k of ["serviceSubset", "namespace", "partition", "peer"] as const) {
      if (set(r[k]) && !(k === "peer" && set(r.samenessGroup))) p.add(`${path}.${k}`, r[k], "needs redirect.service");
    }
  }
}

function checkFailover(p: Problems, path: string, f: ServiceResolverFailover): void {
  const dcs = f.datacenters?.length ?? 0;
  const tg = f.targets?.length ?? 0;
  if (!(set(f.service) || set(f.serviceSubset) || set(f.namespace) || dcs || tg || f.policy || set(f.samenessGroup))) {
    p.add(path, f, "is empty; set targets, service, serviceSubset, datacenters or samenessGroup");
    return;
  }
  if (set(f.samenessGroup)) {
    if (dcs) p.add(`${path}.datacenters`, f.datacenters, "cannot be set together with samenessGroup");
    if (set(f.serviceSubset))
      p.add(`${path}.serviceSubset`, f.serviceSubset, "cannot be set together with samenessGroup");
    if (tg) p.add(`${path}.targets`, f.targets, "cannot be set together with samenessGroup");
  }
  if (tg) {
    if (dcs) p.add(`${path}.datacenters`, f.datacenters, "cannot be set together with targets");
    if (set(f.serviceSubset)) p.add(`${path}.serviceSubset`, f.serviceSubset, "cannot be set together with targets");
    if (set(f.service)) p.add(`${path}.service`, f.service, "cannot be set together with targets");
  }
  (f.datacenters ?? []).forEach((dc, i) => {
    if (!set(dc)) p.add(`${path}.datacenters[${i}]`, dc, "is empty; name a datacenter");
  });
  checkDnsLabel(p, `${path}.service`, f.service);
  checkEnum(p, `${path}.policy.mode`, f.policy?.mode, FAILOVER_POLICY_MODES);
  (f.targets ?? []).forEach((t, i) => {
    const tp = `${path}.targets[${i}]`;
    checkNoWildcard(p, `${tp}.peer`, t.peer, "peer");
    if (!t.peer?.includes("*")) checkDnsLabel(p, `${tp}.peer`, t.peer);
    checkDnsLabel(p, `${tp}.service`, t.service);
    if (set(t.peer)) {
      for (const k of ["serviceSubset", "partition", "datacenter"] as const) {
        if (set(t[k])) p.add(`${tp}.${k}`, t[k], "cannot be set together with peer");
      }
    } else if (set(t.partition) && set(t.datacenter)) {
      p.add(`${tp}.datacenter`, t.datacenter, "cannot be set together with partition");
    }
  });
}

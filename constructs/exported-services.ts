import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ConsulTarget, ResolvedConsulTarget } from "./consul-target";
import type { ExportedServicesSpec } from "./crd-types";
import { checkFeature } from "./private/edition";
import { Problems } from "./private/problems";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
import { checkDnsLabel, checkNoWildcard, checkRequired, isToken, toManifest } from "./private/validation";

/** Who may import an exported service: set exactly one of peer, partition, samenessGroup. */
export interface ExportedServiceConsumer {
  /**
   * A cluster peer, e.g. "onprem". Wildcards are not allowed.
   * @default - none
   */
  readonly peer?: string;
  /**
   * An admin partition. Consul Enterprise only.
   * @default - none
   */
  readonly partition?: string;
  /**
   * A sameness group. Consul Enterprise only; do not rely on it for Community Edition.
   * @default - none
   */
  readonly samenessGroup?: string;
}

/** One exported service and its consumers; also the options of {@link ExportedServices.addService}. */
export interface ExportedService {
  /** Service name, or "*" for every service of the namespace. */
  readonly name: string;
  /** At least one consumer. */
  readonly consumers: ExportedServiceConsumer[];
  /**
   * Consul namespace of the service. Consul Enterprise only.
   * @default - the default namespace
   */
  readonly consulNamespace?: string;
}

/** Props of {@link ExportedServices}. */
export interface ExportedServicesProps extends ConsulResourceProps {
  /**
   * Services to export; more can be added with `addService()`. At least one is needed at synth.
   * @default - none
   */
  readonly services?: ExportedService[];
}

const CONSUMER_KEYS = ["peer", "partition", "samenessGroup"] as const;

/**
 * The ExportedServices config entry of the local partition: which services peers (or partitions)
 * may import. One per cluster, named "default" (or, with admin partitions, after the target's
 * partition, see {@link ConsulTarget}).
 */
export class ExportedServices extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  private readonly services: { name: string; consulNamespace?: string; consumers: ExportedServiceConsumer[] }[] = [];
  private readonly target: ResolvedConsulTarget;

  constructor(scope: Construct, id: string, props: ExportedServicesProps = {}) {
    super(scope, id);
    this.target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "ExportedServices", props);
    (props.services ?? []).forEach((s, i) => {
      checkService(p, this.target, `ExportedServices.services[${i}]`, s);
    });
    p.throwIfAny();
    for (const s of props.services ?? []) this.merge(s);

    this.node.addValidation({
      validate: () =>
        this.services.length
          ? []
          : [
              `${this.node.path}: ExportedServices.services: [] must export at least one service; pass services or call addService()`,
            ],
    });

    this.resource = createConsulResource(this, {
      kind: "ExportedServices",
      // consul-k8s exportedservices_types.go Validate(): "default", or the partition's name.
      name: this.target.partition,
      props,
      spec: Lazy.anyValue({ produce: () => toManifest(buildExportedServicesSpec(this.services)) }),
    });
  }

  /**
   * Exports a service, e.g. `addService({ name: "c", consumers: [{ peer: "onprem" }] })`. Adding
   * the same service again adds its new consumers to the existing entry.
   */
  public addService(service: ExportedService): this {
    const p = new Problems(this.node.path);
    checkService(p, this.target, `ExportedServices.services[${this.services.length}]`, service);
    p.throwIfAny();
    this.merge(service);
    return this;
  }

  private merge(s: ExportedService): void {
    // A consumer list that is a token is known only at deploy: it stays an entry of its own.
    const existing = isToken(s.consumers)
      ? undefined
      : this.services.find(
          (x) => !isToken(x.consumers) && x.name === s.name && (x.consulNamespace ?? "") === (s.consulNamespace ?? ""),
        );
    if (!existing) {
      this.services.push({
        name: s.name,
        consulNamespace: s.consulNamespace,
        consumers: isToken(s.consumers) ? s.consumers : [...s.consumers],
      });
      return;
    }
    const key = (c: ExportedServiceConsumer) =>
      JSON.stringify([c.peer ?? "", c.partition ?? "", c.samenessGroup ?? ""]);
    for (const c of s.consumers) if (!existing.consumers.some((e) => key(e) === key(c))) existing.consumers.push(c);
  }
}

/** The spec of an ExportedServices. */
export function buildExportedServicesSpec(services: readonly ExportedService[]): ExportedServicesSpec {
  return {
    services: services.map((s) => ({
      name: s.name,
      namespace: s.consulNamespace,
      consumers: isToken(s.consumers) ? s.consumers : s.consumers.map((c) => ({ ...c })),
    })),
  };
}

function checkService(p: Problems, target: ResolvedConsulTarget, path: string, s: ExportedService): void {
  if (checkRequired(p, `${path}.name`, s.name)) checkDnsLabel(p, `${path}.name`, s.name, { wildcard: true });
  checkDnsLabel(p, `${path}.consulNamespace`, s.consulNamespace, { wildcard: true });
  checkFeature(p, target, "namespaces", `${path}.consulNamespace`, s.consulNamespace);
  if (isToken(s.consumers)) return;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
  if (!s.consumers?.length) {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
    p.add(`${path}.consumers`, s.consumers ?? [], 'must name at least one consumer, e.g. { peer: "onprem" }');
    return;
  }
  s.consumers.forEach((c, j) => {
    const cp = `${path}.consumers[${j}]`;
    const set = CONSUMER_KEYS.filter((k) => c[k] !== undefined && c[k] !== "");
    if (set.length !== 1)
      p.add(
        cp,
        c,
        `sets ${set.length ? set.join(" and ") : "none of peer, partition, samenessGroup"}; set exactly one of peer, partition, samenessGroup`,
      );
    checkFeature(p, target, "partitions", `${cp}.partition`, c.partition);
    checkFeature(p, target, "samenessGroups", `${cp}.samenessGroup`, c.samenessGroup);
    for (const k of CONSUMER_KEYS) {
      const what = k === "samenessGroup" ? "sameness group" : k;
      checkNoWildcard(p, `${cp}.${k}`, c[k], what);
      if (!c[k]?.includes("*")) checkDnsLabel(p, `${cp}.${k}`, c[k]);
    }
  });
}

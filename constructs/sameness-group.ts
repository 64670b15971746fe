import { Construct } from "constructs";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { ConsulTarget } from "./consul-target";
import type { SamenessGroupMember, SamenessGroupSpec } from "./crd-types";
import { checkFeature } from "./private/edition";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource, isConsulProvider } from "./private/target";
import { show } from "./private/format";
import { Problems } from "./private/problems";
import { pickSpec } from "./private/specs";
import { checkDnsLabel, checkNoWildcard, checkRequired, isToken } from "./private/validation";

/** Props of {@link SamenessGroup}. */
export interface SamenessGroupProps extends ConsulResourceProps, SamenessGroupSpec {
  /** Name of the sameness group (the resource and config entry name). */
  readonly name: string;
  /** Members: partitions and peers, each once. */
  readonly members: SamenessGroupMember[];
  /**
   * Kubernetes namespace of the resource; consul-k8s accepts only "default".
   * @default "default"
   */
  readonly namespace?: string;
}

/**
 * The SamenessGroup config entry (Consul Enterprise): partitions and peers whose same-named
 * services are interchangeable, for failover and intentions. Needs
 * `ConsulTarget { edition: "enterprise" }` on the scope.
 */
export class SamenessGroup extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  /** The group name. */
  public readonly groupName: string;

  constructor(scope: Construct, id: string, props: SamenessGroupProps) {
    super(scope, id);
    this.groupName = props.name;
    const target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "SamenessGroup", props);
    if (checkRequired(p, "SamenessGroup.name", props.name)) checkDnsLabel(p, "SamenessGroup.name", props.name);
    checkFeature(p, target, "samenessGroups", "SamenessGroup.name", props.name);
    // consul-k8s samenessgroup_types.go Validate().
    if (props.namespace !== undefined && props.namespace !== "default")
      p.add(
        "SamenessGroup.namespace",
        props.namespace,
        'is not allowed; sameness groups must reside in the "default" namespace',
      );
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
    const members = props.members ?? [];
    if (!isToken(members)) {
      if (!members.length) p.add("SamenessGroup.members", members, "must have at least one member");
      const seen: string[] = [];
      members.forEach((m, i) => {
        const path = `SamenessGroup.members[${i}]`;
        if (!!m.peer === !!m.partition) p.add(path, m, "must set exactly one of peer and partition");
        checkNoWildcard(p, `${path}.peer`, m.peer, "peer");
        checkNoWildcard(p, `${path}.partition`, m.partition, "partition");
        checkFeature(
          p,
          target,
          "partitions",
          `${path}.partition`,
          m.partition && m.partition !== target.partition ? m.partition : undefined,
        );
        const key = `${m.peer ?? ""}/${m.partition ?? ""}`;
        if (seen.includes(key)) p.add(path, m, `repeats members[${seen.indexOf(key)}]; members must be unique`);
        seen.push(key);
      });
      if (!props.includeLocal && !members.some((m) => m.partition === target.partition)) {
        p.add(
          "SamenessGroup.members",
          members,
          `do not include the local partition ${show(target.partition)}; add { partition: ${show(target.partition)} } or set includeLocal`,
        );
      }
    }
    p.throwIfAny();

    this.resource = createConsulResource(this, {
      kind: "SamenessGroup",
      name: props.name,
      // The Kubernetes namespace defaults to "default" here; a config entry has none.
      props: isConsulProvider(props.provider) ? props : { ...props, namespace: props.namespace ?? "default" },
      spec: buildSamenessGroupSpec(props),
    });
  }
}

/** The spec of a SamenessGroup. */
export function buildSamenessGroupSpec(props: SamenessGroupSpec): SamenessGroupSpec {
  return pickSpec(props, ["defaultForFailover", "includeLocal", "members"]);
}

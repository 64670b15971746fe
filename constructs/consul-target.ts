import { Construct, IConstruct } from "constructs";
import { MeshValidationError } from "./errors";

/** Consul editions the constructs can target. */
export const CONSUL_EDITIONS = ["ce", "enterprise"] as const;
/** A Consul edition: "ce" (Community Edition) or "enterprise". */
export type ConsulEdition = (typeof CONSUL_EDITIONS)[number];

/**
 * Construct-tree context key read by {@link ConsulTarget.of} when no scope sets a target, e.g. in
 * cdktf.json: `"context": { "hybrid-mesh:consulTarget": { "edition": "enterprise", "partitions": true } }`.
 */
export const CONSUL_TARGET_CONTEXT = "hybrid-mesh:consulTarget";

/** What the Consul servers that receive the config entries support. */
export interface ConsulTargetProps {
  /**
   * Consul edition.
   * @default "ce"
   */
  readonly edition?: ConsulEdition;
  /**
   * Consul namespaces are enabled (`global.enableConsulNamespaces`; Enterprise only).
   * @default false
   */
  readonly namespaces?: boolean;
  /**
   * Admin partitions are enabled (`global.adminPartitions.enabled`; Enterprise only).
   * @default false
   */
  readonly partitions?: boolean;
  /**
   * The admin partition the cluster's consul-k8s runs in (`global.adminPartitions.name`).
   * Only with partitions.
   * @default "default"
   */
  readonly partition?: string;
}

/** A resolved {@link ConsulTargetProps}: every field set. */
export interface ResolvedConsulTarget {
  /** Consul edition. */
  readonly edition: ConsulEdition;
  /** Consul namespaces are enabled. */
  readonly namespaces: boolean;
  /** Admin partitions are enabled. */
  readonly partitions: boolean;
  /** The local admin partition ("default" without partitions). */
  readonly partition: string;
}

/** Consul CE with namespaces and admin partitions off: what the library assumes unless told. */
export const CONSUL_CE: ResolvedConsulTarget = {
  edition: "ce",
  namespaces: false,
  partitions: false,
  partition: "default",
};

const targets = new WeakMap<IConstruct, ResolvedConsulTarget>();

/**
 * The Consul edition and features the constructs under a scope target. consul-k8s's webhook
 * rejects namespace and partition fields unless those features are on
 * (consul-k8s control-plane/api/v1alpha1/*_types.go, validateEnterprise / validateNamespaces),
 * and sameness groups exist only in Consul Enterprise; the constructs follow the target.
 *
 * ```ts
 * ConsulTarget.set(stack, { edition: "enterprise", namespaces: true, partitions: true });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-extraneous-class -- public API: static ConsulTarget.set/of, like aws-cdk's Tags.of
export class ConsulTarget {
  /** Sets the target of every construct under `scope` (set it before adding them). */
  public static set(scope: Construct, props: ConsulTargetProps): ResolvedConsulTarget {
    const resolved = ConsulTarget.resolve(scope.node.path || "<app>", props);
    targets.set(scope, resolved);
    return resolved;
  }

  /** The target of `scope`: the nearest scope's setting, else the context, else Consul CE. */
  public static of(scope: IConstruct): ResolvedConsulTarget {
    const scopes = scope.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const t = targets.get(scopes[i]);
      if (t) return t;
    }
    const ctx = scope.node.tryGetContext(CONSUL_TARGET_CONTEXT) as ConsulTargetProps | undefined;
    return ctx ? ConsulTarget.resolve(`context ${CONSUL_TARGET_CONTEXT}`, ctx) : CONSUL_CE;
  }

  private static resolve(where: string, props: ConsulTargetProps): ResolvedConsulTarget {
    const problems: string[] = [];
    const edition = props.edition ?? "ce";
    if (!CONSUL_EDITIONS.includes(edition))
      problems.push(
        `${where}: ConsulTarget.edition: ${JSON.stringify(edition)} is not allowed; use "ce" or "enterprise"`,
      );
    for (const k of ["namespaces", "partitions"] as const) {
      if (props[k] && edition !== "enterprise")
        problems.push(
          `${where}: ConsulTarget.${k}: true needs edition "enterprise" (Consul CE has no ${k === "namespaces" ? "namespaces" : "admin partitions"})`,
        );
    }
    if (props.partition !== undefined && props.partition !== "default" && !props.partitions) {
      problems.push(`${where}: ConsulTarget.partition: ${JSON.stringify(props.partition)} needs partitions: true`);
    }
    if (problems.length) throw new MeshValidationError(problems);
    return {
      edition,
      namespaces: !!props.namespaces,
      partitions: !!props.partitions,
      partition: props.partition ?? "default",
    };
  }

  private constructor() {}
}

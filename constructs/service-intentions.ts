import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ConsulTarget, ResolvedConsulTarget } from "./consul-target";
import type {
  ServiceIntentionsJwt,
  ServiceIntentionsSource,
  ServiceIntentionsSourcePermissionJwt,
  ServiceIntentionsSpec,
} from "./crd-types";
import { checkFeature } from "./private/edition";
import { Problems } from "./private/problems";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
import {
  checkAtMostOne,
  checkDnsLabel,
  checkEnum,
  checkNoWildcard,
  checkRequired,
  isToken,
  toManifest,
} from "./private/validation";

/** Intention actions. */
export const INTENTION_ACTIONS = ["allow", "deny"] as const;
/** An intention action. */
export type IntentionAction = (typeof INTENTION_ACTIONS)[number];

/** HTTP methods an L7 permission can match. */
export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "CONNECT", "OPTIONS", "TRACE"] as const;
/** An HTTP method an L7 permission can match. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Longest description Consul accepts (metaValueMaxLength). */
const MAX_DESCRIPTION = 512;

/** One header match of an L7 permission; set `name` and at most one matcher. */
export interface IntentionHttpHeader {
  /** Header name. */
  readonly name: string;
  /**
   * Match when the header is present.
   * @default - no presence match
   */
  readonly present?: boolean;
  /**
   * Match this exact value.
   * @default - none
   */
  readonly exact?: string;
  /**
   * Match values starting with this.
   * @default - none
   */
  readonly prefix?: string;
  /**
   * Match values ending with this.
   * @default - none
   */
  readonly suffix?: string;
  /**
   * Match values containing this.
   * @default - none
   */
  readonly contains?: string;
  /**
   * Match values against this regular expression.
   * @default - none
   */
  readonly regex?: string;
  /**
   * Compare case-insensitively (with exact, prefix, suffix or contains).
   * @default false
   */
  readonly ignoreCase?: boolean;
  /**
   * Invert the match.
   * @default false
   */
  readonly invert?: boolean;
}

/** The HTTP part of an L7 permission; at most one of pathExact, pathPrefix, pathRegex. */
export interface IntentionHttpMatch {
  /**
   * Exact path, starting with "/".
   * @default - any path
   */
  readonly pathExact?: string;
  /**
   * Path prefix, starting with "/".
   * @default - any path
   */
  readonly pathPrefix?: string;
  /**
   * Path regular expression.
   * @default - any path
   */
  readonly pathRegex?: string;
  /**
   * Upper-case HTTP methods.
   * @default - any method
   */
  readonly methods?: HttpMethod[];
  /**
   * Header matches (all must match).
   * @default - none
   */
  readonly header?: IntentionHttpHeader[];
}

/** An L7 permission of an intention source (needs an http, http2 or grpc destination). */
export interface IntentionPermission {
  /** What to do with matching requests. */
  readonly action: IntentionAction;
  /** Which requests match. */
  readonly http: IntentionHttpMatch;
  /**
   * JWTs the matching requests must carry: providers (JWTProvider names) and claims to verify.
   * @default - no JWT requirement
   */
  readonly jwt?: ServiceIntentionsSourcePermissionJwt;
}

/**
 * One source of an intention. Set `action` (L4) or `permissions` (L7), not both.
 * At most one of peer, partition, samenessGroup.
 */
export interface IntentionSource {
  /** Source service name, or "*" for every service. */
  readonly name: string;
  /**
   * Peer the source lives in, e.g. "onprem". Wildcards are not allowed.
   * @default - a local source
   */
  readonly peer?: string;
  /**
   * Admin partition of the source. Consul Enterprise only.
   * @default - the local partition
   */
  readonly partition?: string;
  /**
   * Consul namespace of the source. Consul Enterprise only.
   * @default - the default namespace
   */
  readonly namespace?: string;
  /**
   * Sameness group of the source. Consul Enterprise only; do not rely on it for Community Edition.
   * @default - none
   */
  readonly samenessGroup?: string;
  /**
   * L4 action. Required unless `permissions` is set; excludes `permissions`.
   * @default - none (then permissions are required)
   */
  readonly action?: IntentionAction;
  /**
   * L7 permissions, evaluated in order. Excludes `action`.
   * @default - none (then action is required)
   */
  readonly permissions?: IntentionPermission[];
  /**
   * Free text (at most 512 characters).
   * @default - none
   */
  readonly description?: string;
}

/** Props of {@link ServiceIntentions}. */
export interface ServiceIntentionsProps extends ConsulResourceProps {
  /** Destination service name, or "*" for every service. */
  readonly destination: string;
  /**
   * Consul namespace of the destination. Consul Enterprise only.
   * @default - the default namespace
   */
  readonly destinationNamespace?: string;
  /**
   * Sources; more can be added with `addSource()`. At least one is needed at synth.
   * @default - none
   */
  readonly sources?: IntentionSource[];
  /**
   * metadata.name of the resource (a DNS-1123 label).
   * @default - the destination name; required when the destination is "*"
   */
  readonly name?: string;
  /**
   * JWTs every request to the destination must carry (providers are JWTProvider names).
   * @default - no JWT requirement
   */
  readonly jwt?: ServiceIntentionsJwt;
}

/** Props of {@link ServiceIntentions.defaultDeny}. */
export interface DefaultDenyProps extends ConsulResourceProps {
  /**
   * metadata.name of the resource.
   * @default "default-deny"
   */
  readonly name?: string;
}

/**
 * The ServiceIntentions config entry of one destination: which sources may call it.
 */
export class ServiceIntentions extends Construct {
  /**
   * Denies every call that no other intention allows: destination "*", source `{name: "*", action: "deny"}`.
   */
  public static defaultDeny(scope: Construct, id: string, props: DefaultDenyProps = {}): ServiceIntentions {
    return new ServiceIntentions(scope, id, {
      ...props,
      name: props.name ?? "default-deny",
      destination: "*",
      sources: [{ name: "*", action: "deny", description: "Default deny: allow calls with explicit intentions only" }],
    });
  }

  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  /** The destination service name. */
  public readonly destination: string;
  private readonly sources: IntentionSource[] = [];
  private readonly target: ResolvedConsulTarget;

  constructor(scope: Construct, id: string, props: ServiceIntentionsProps) {
    super(scope, id);
    this.destination = props.destination;
    this.target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "ServiceIntentions", props);
    if (checkRequired(p, "ServiceIntentions.destination", props.destination)) {
      checkDnsLabel(p, "ServiceIntentions.destination", props.destination, { wildcard: true });
    }
    checkDnsLabel(p, "ServiceIntentions.destinationNamespace", props.destinationNamespace, { wildcard: true });
    checkFeature(p, this.target, "namespaces", "ServiceIntentions.destinationNamespace", props.destinationNamespace);
    checkJwt(p, "ServiceIntentions.jwt", props.jwt);
    const name = props.name ?? (props.destination === "*" ? undefined : props.destination);
    if (name === undefined)
      p.add("ServiceIntentions.name", name, 'is required when destination is "*" (a resource name cannot be "*")');
    else if (props.name !== undefined) checkDnsLabel(p, "ServiceIntentions.name", props.name);
    const sources = props.sources ?? [];
    sources.forEach((s, i) => {
      this.checkSource(p, i, s, sources.slice(0, i));
    });
    p.throwIfAny();
    this.sources.push(...(props.sources ?? []));

    this.node.addValidation({
      validate: () =>
        this.sources.length
          ? []
          : [
              `${this.node.path}: ServiceIntentions.sources: [] must have at least one source; pass sources or call addSource()`,
            ],
    });

    this.resource = createConsulResource(this, {
      kind: "ServiceIntentions",
      name: name ?? "",
      props,
      entryName: props.destination,
      entryNamespace: props.destinationNamespace,
      spec: Lazy.anyValue({
        produce: () => toManifest(buildServiceIntentionsSpec({ ...props, sources: this.sources })),
      }),
    });
  }

  /** Adds a source, e.g. `{ name: "a", peer: "onprem", action: "allow" }`. */
  public addSource(source: IntentionSource): this {
    const p = new Problems(this.node.path);
    this.checkSource(p, this.sources.length, source, this.sources);
    p.throwIfAny();
    this.sources.push(source);
    return this;
  }

  private checkSource(p: Problems, i: number, s: IntentionSource, before: readonly IntentionSource[]): void {
    const path = `ServiceIntentions.sources[${i}]`;
    checkFeature(p, this.target, "namespaces", `${path}.namespace`, s.namespace);
    checkFeature(p, this.target, "partitions", `${path}.partition`, s.partition);
    checkFeature(p, this.target, "samenessGroups", `${path}.samenessGroup`, s.samenessGroup);
    if (checkRequired(p, `${path}.name`, s.name)) checkDnsLabel(p, `${path}.name`, s.name, { wildcard: true });
    checkDnsLabel(p, `${path}.namespace`, s.namespace, { wildcard: true });
    checkNoWildcard(p, `${path}.peer`, s.peer, "peer");
    checkNoWildcard(p, `${path}.partition`, s.partition, "partition");
    checkNoWildcard(p, `${path}.samenessGroup`, s.samenessGroup, "sameness group");
    for (const k of ["peer", "partition", "samenessGroup"] as const)
      if (!s[k]?.includes("*")) checkDnsLabel(p, `${path}.${k}`, s[k]);
    checkAtMostOne(p, path, s, ["peer", "partition", "samenessGroup"]);
    const hasPerms = s.permissions !== undefined && (isToken(s.permissions) || s.permissions.length > 0);
    if (s.action !== undefined && hasPerms) {
      p.add(`${path}.action`, s.action, "cannot be set together with permissions; set action (L4) or permissions (L7)");
    } else if (!hasPerms) {
      if (s.action === undefined)
        p.add(`${path}.action`, s.action, 'is required without permissions; use "allow" or "deny"');
      else checkEnum(p, `${path}.action`, s.action, INTENTION_ACTIONS);
    }
    if (s.description !== undefined && !isToken(s.description) && s.description.length > MAX_DESCRIPTION) {
      p.add(
        `${path}.description`,
        `${s.description.slice(0, 20)}...`,
        `is ${s.description.length} characters long; at most ${MAX_DESCRIPTION} are allowed`,
      );
    }
    if (hasPerms && !isToken(s.permissions))
      s.permissions.forEach((perm, j) => {
        checkPermission(p, `${path}.permissions[${j}]`, perm);
      });
    const key = sourceKey(s);
    const dup = before.findIndex((b) => sourceKey(b) === key);
    if (dup >= 0)
      p.add(
        `${path}.name`,
        s.name,
        `is already a source (sources[${dup}]) with the same peer/partition/namespace; merge them`,
      );
  }
}

/** The spec of a ServiceIntentions. */
export function buildServiceIntentionsSpec(props: ServiceIntentionsProps): ServiceIntentionsSpec {
  return {
    destination: { name: props.destination, namespace: props.destinationNamespace },
    sources: (props.sources ?? []).map(renderSource),
    jwt: props.jwt,
  };
}

function checkJwt(p: Problems, path: string, jwt: ServiceIntentionsJwt | undefined): void {
  (jwt?.providers ?? []).forEach((pr, i) => {
    if (checkRequired(p, `${path}.providers[${i}].name`, pr.name))
      checkDnsLabel(p, `${path}.providers[${i}].name`, pr.name);
    (pr.verifyClaims ?? []).forEach((c, j) => {
      if (!c.path?.length)
        p.add(`${path}.providers[${i}].verifyClaims[${j}].path`, c.path, 'must name the claim, e.g. ["aud"]');
    });
  });
}

function sourceKey(s: IntentionSource): string {
  return JSON.stringify([s.name, s.peer ?? "", s.partition ?? "", s.namespace ?? "", s.samenessGroup ?? ""]);
}

function checkPermission(p: Problems, path: string, perm: IntentionPermission): void {
  checkJwt(p, `${path}.jwt`, perm.jwt);
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
  if (perm.action === undefined) p.add(`${path}.action`, perm.action, 'is required; use "allow" or "deny"');
  else checkEnum(p, `${path}.action`, perm.action, INTENTION_ACTIONS);
  const h = perm.http;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
  if (h === undefined || h === null) {
    p.add(`${path}.http`, h, "is required; match at least a path, a method or a header");
    return;
  }
  if (isToken(h)) return;
  checkAtMostOne(p, `${path}.http`, h, ["pathExact", "pathPrefix", "pathRegex"]);
  for (const k of ["pathExact", "pathPrefix"] as const) {
    const v = h[k];
    if (v !== undefined && !isToken(v) && !v.startsWith("/")) p.add(`${path}.http.${k}`, v, 'must begin with "/"');
  }
  const methods = h.methods;
  if (methods && !isToken(methods)) {
    methods.forEach((m, k) => {
      checkEnum(p, `${path}.http.methods[${k}]`, m, HTTP_METHODS);
      if (methods.indexOf(m) !== k) p.add(`${path}.http.methods[${k}]`, m, "is listed more than once");
    });
  }
  (h.header ?? []).forEach((hd, k) => {
    const hp = `${path}.http.header[${k}]`;
    checkRequired(p, `${hp}.name`, hd.name);
    const set = checkAtMostOne(p, hp, hd, ["exact", "prefix", "suffix", "contains", "regex", "present"]);
    if (hd.ignoreCase && !set.some((x) => ["exact", "prefix", "suffix", "contains"].includes(x))) {
      p.add(`${hp}.ignoreCase`, true, "needs one of exact, prefix, suffix or contains");
    }
  });
}

function renderSource(s: IntentionSource): ServiceIntentionsSource {
  return {
    name: s.name,
    namespace: s.namespace,
    peer: s.peer,
    partition: s.partition,
    samenessGroup: s.samenessGroup,
    action: s.action,
    permissions: s.permissions?.length
      ? s.permissions.map((perm) => ({
          action: perm.action,
          http: {
            pathExact: perm.http.pathExact,
            pathPrefix: perm.http.pathPrefix,
            pathRegex: perm.http.pathRegex,
            methods: perm.http.methods ? [...perm.http.methods] : undefined,
            header: perm.http.header?.map((hd) => ({ ...hd })),
          },
          jwt: perm.jwt,
        }))
      : undefined,
    description: s.description,
  };
}

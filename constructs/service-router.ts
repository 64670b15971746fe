import { Lazy } from "cdktf";
import { Construct } from "constructs";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { ConsulTarget, ResolvedConsulTarget } from "./consul-target";
import type { ServiceRouterRoute, ServiceRouterSpec } from "./crd-types";
import { HTTP_METHODS } from "./service-intentions";
import { checkFeature } from "./private/edition";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
import { Problems } from "./private/problems";
import { pickSpec } from "./private/specs";
import {
  checkAtMostOne,
  checkDnsLabel,
  checkDuration,
  checkEnum,
  checkInt,
  checkRequired,
  isToken,
  toManifest,
} from "./private/validation";

/** Props of {@link ServiceRouter}. */
export interface ServiceRouterProps extends ConsulResourceProps, ServiceRouterSpec {
  /** The service whose HTTP traffic is routed (the resource and config entry name). */
  readonly service: string;
}

/** Options of {@link ServiceRouter.addRoute}: one route, tried in order after the earlier ones. */
export interface ServiceRouterRouteOptions extends ServiceRouterRoute {}

/**
 * The ServiceRouter config entry of one service: L7 routes (path, header, query and method
 * matches) to other services or subsets, with retries and timeouts. Needs an http, http2 or grpc
 * service.
 */
export class ServiceRouter extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;
  /** The service name. */
  public readonly service: string;
  private readonly routes: ServiceRouterRoute[] = [];
  private readonly target: ResolvedConsulTarget;

  constructor(scope: Construct, id: string, props: ServiceRouterProps) {
    super(scope, id);
    this.service = props.service;
    this.target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "ServiceRouter", props);
    if (checkRequired(p, "ServiceRouter.service", props.service))
      checkDnsLabel(p, "ServiceRouter.service", props.service);
    (props.routes ?? []).forEach((r, i) => {
      checkRoute(p, this.target, `ServiceRouter.routes[${i}]`, r);
    });
    p.throwIfAny();
    this.routes.push(...(props.routes ?? []));

    this.node.addValidation({
      validate: () =>
        this.routes.length
          ? []
          : [
              `${this.node.path}: ServiceRouter.routes: [] must have at least one route; pass routes or call addRoute()`,
            ],
    });
    this.resource = createConsulResource(this, {
      kind: "ServiceRouter",
      name: props.service,
      props,
      spec: Lazy.anyValue({ produce: () => toManifest(buildServiceRouterSpec({ ...props, routes: this.routes })) }),
    });
  }

  /** Adds a route after the existing ones, e.g. `{ match: { http: { pathPrefix: "/v2" } }, destination: { serviceSubset: "v2" } }`. */
  public addRoute(route: ServiceRouterRouteOptions): this {
    const p = new Problems(this.node.path);
    checkRoute(p, this.target, `ServiceRouter.routes[${this.routes.length}]`, route);
    p.throwIfAny();
    this.routes.push(route);
    return this;
  }
}

/** The spec of a ServiceRouter. */
export function buildServiceRouterSpec(props: ServiceRouterSpec): ServiceRouterSpec {
  return pickSpec(props, ["routes"]);
}

// Rules of consul-k8s control-plane/api/v1alpha1/servicerouter_types.go (ServiceRoute.validate,
// validateEnterprise) plus Consul's own (retry codes, methods).
function checkRoute(p: Problems, target: ResolvedConsulTarget, path: string, r: ServiceRouterRoute): void {
  const h = r.match?.http;
  if (h && !isToken(h)) {
    checkAtMostOne(p, `${path}.match.http`, h, ["pathExact", "pathPrefix", "pathRegex"]);
    for (const k of ["pathExact", "pathPrefix"] as const) {
      const v = h[k];
      if (v !== undefined && v !== "" && !isToken(v) && !v.startsWith("/"))
        p.add(`${path}.match.http.${k}`, v, 'must begin with "/"');
    }
    (h.header ?? []).forEach((hd, i) => {
      checkRequired(p, `${path}.match.http.header[${i}].name`, hd.name);
      checkAtMostOne(p, `${path}.match.http.header[${i}]`, hd, ["exact", "prefix", "suffix", "regex", "present"]);
    });
    (h.queryParam ?? []).forEach((q, i) => {
      checkRequired(p, `${path}.match.http.queryParam[${i}].name`, q.name);
      checkAtMostOne(p, `${path}.match.http.queryParam[${i}]`, q, ["exact", "regex", "present"]);
    });
    (h.methods ?? []).forEach((m, i) => {
      checkEnum(p, `${path}.match.http.methods[${i}]`, m, HTTP_METHODS);
    });
  }
  const d = r.destination;
  if (!d) return;
  if (d.prefixRewrite && !(h?.pathPrefix || h?.pathExact)) {
    p.add(
      `${path}.destination.prefixRewrite`,
      d.prefixRewrite,
      "needs match.http.pathPrefix or match.http.pathExact on this route",
    );
  }
  checkDnsLabel(p, `${path}.destination.service`, d.service);
  checkDuration(p, `${path}.destination.requestTimeout`, d.requestTimeout);
  checkDuration(p, `${path}.destination.idleTimeout`, d.idleTimeout);
  checkInt(p, `${path}.destination.numRetries`, d.numRetries, 0);
  (d.retryOnStatusCodes ?? []).forEach((c, i) => {
    checkInt(p, `${path}.destination.retryOnStatusCodes[${i}]`, c, 100, 599);
  });
  checkFeature(p, target, "namespaces", `${path}.destination.namespace`, d.namespace);
  checkFeature(p, target, "partitions", `${path}.destination.partition`, d.partition);
}

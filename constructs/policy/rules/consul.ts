import { parse } from "yaml";
import { openness } from "../../private/cidr";
import { get, isFalse, isNonBlank, isTrue, many, num, objects, one } from "../json";
import { showOrAbsent } from "../../private/format";
import { Finding, JsonObject, PolicyContext, PolicyElement, PolicyRule } from "../types";
import { consulReleases, releaseValues, isEksStack } from "./consul-values";

/**
 * A rule over the merged values of each readable consul release. `problems` returns one `found`
 * text per problem. Unreadable values are reported once, by HM-CON-012, not by every rule.
 */
function valuesRule(
  id: string,
  rationale: string,
  fix: string,
  problems: (values: JsonObject, ctx: PolicyContext) => string[],
  when: (ctx: PolicyContext) => boolean = () => true,
): PolicyRule {
  return {
    id,
    rationale,
    fix,
    check(ctx) {
      const releases = consulReleases(ctx);
      if (!releases.length || !when(ctx)) return [];
      const findings: Finding[] = [];
      for (const r of releases) {
        const { values, unreadable } = releaseValues(ctx, r);
        if (unreadable.length) continue;
        for (const found of problems(values, ctx)) findings.push({ construct: r.construct, found });
      }
      return findings;
    },
  };
}

/** `values.<path> is <value>` for a message. */
const at = (v: JsonObject, path: string) => `${path} is ${showOrAbsent(get(v, path))}`;

/** The finding for a value that must be true, or none. */
const mustBeTrue = (v: JsonObject, path: string): string[] => (isTrue(get(v, path)) ? [] : [at(v, path)]);

/** HM-CON-001: TLS on, verified, and HTTPS only. */
export const consulTls = valuesRule(
  "HM-CON-001",
  "Without verified TLS, agents and gateways accept any peer and traffic crosses the WAN in clear text.",
  "set global.tls.enabled: true and leave global.tls.verify and global.tls.httpsOnly at their default (true)",
  (v) => [
    ...mustBeTrue(v, "global.tls.enabled"),
    ...(isFalse(get(v, "global.tls.verify")) ? [at(v, "global.tls.verify")] : []),
    ...(isFalse(get(v, "global.tls.httpsOnly")) ? [at(v, "global.tls.httpsOnly")] : []),
  ],
);

/** HM-CON-002: ACLs bootstrapped by the chart. */
export const consulAcls = valuesRule(
  "HM-CON-002",
  "Without ACLs any pod can read and write the catalog, config entries and intentions.",
  "set global.acls.manageSystemACLs: true",
  (v) => mustBeTrue(v, "global.acls.manageSystemACLs"),
);

/** HM-CON-003: gossip encrypted with a generated or secret-held key. */
export const consulGossipEncryption = valuesRule(
  "HM-CON-003",
  "Unencrypted gossip lets anyone on the network join the cluster or read membership traffic.",
  "set global.gossipEncryption.autoGenerate: true (or secretName and secretKey of an existing Secret); never a literal key",
  (v) => {
    const g = one(get(v, "global.gossipEncryption"));
    if (isTrue(g?.autoGenerate) || (isNonBlank(g?.secretName) && isNonBlank(g?.secretKey))) return [];
    return [`global.gossipEncryption is ${showOrAbsent(g)}`];
  },
);

/** HM-CON-004: peering through mesh gateways. */
export const consulPeering = valuesRule(
  "HM-CON-004",
  "Cluster peering between cloud and on-prem needs peering and mesh gateways enabled on both sides.",
  "set global.peering.enabled: true and meshGateway.enabled: true",
  (v) => [...mustBeTrue(v, "global.peering.enabled"), ...mustBeTrue(v, "meshGateway.enabled")],
);

/** HM-CON-005: the UI is reachable by port-forward only. */
export const consulUiNotExposed = valuesRule(
  "HM-CON-005",
  "An exposed UI publishes the catalog and, with a token, write access to the mesh.",
  "keep ui.service.type: ClusterIP and ui.ingress.enabled: false; use kubectl port-forward",
  (v) => {
    if (isFalse(get(v, "ui.enabled"))) return [];
    const type = get(v, "ui.service.type");
    return [
      ...(type === "LoadBalancer" || type === "NodePort" ? [at(v, "ui.service.type")] : []),
      ...(isTrue(get(v, "ui.ingress.enabled")) ? [at(v, "ui.ingress.enabled")] : []),
    ];
  },
);

/** HM-CON-006: servers are not exposed outside the cluster. */
export const consulServerNotExposed = valuesRule(
  "HM-CON-006",
  "Peering goes through mesh gateways; exposing the servers adds an RPC and gossip attack surface.",
  'set server.exposeService.enabled: false (its "-" default follows global.adminPartitions.enabled) and server.exposeGossipAndRPCPorts: false',
  (v) => {
    const expose = get(v, "server.exposeService.enabled");
    const exposed =
      isTrue(expose) || ((expose === undefined || expose === "-") && isTrue(get(v, "global.adminPartitions.enabled")));
    return [
      ...(exposed
        ? [
            `${at(v, "server.exposeService.enabled")} (global.adminPartitions.enabled is ${showOrAbsent(get(v, "global.adminPartitions.enabled"))})`,
          ]
        : []),
      ...(isTrue(get(v, "server.exposeGossipAndRPCPorts")) ? [at(v, "server.exposeGossipAndRPCPorts")] : []),
    ];
  },
);

/** HM-CON-007: the CNI plugin redirects traffic instead of privileged init containers. */
export const consulCni = valuesRule(
  "HM-CON-007",
  "Without the CNI plugin every injected pod needs a NET_ADMIN init container, which breaks the restricted profile.",
  "set connectInject.cni.enabled: true",
  (v) => mustBeTrue(v, "connectInject.cni.enabled"),
);

/** HM-CON-008: a server quorum that survives a node or AZ loss on EKS. */
export const consulServerReplicas = valuesRule(
  "HM-CON-008",
  "Fewer than 3 servers lose quorum when one node or AZ goes down.",
  "set server.replicas: 3 (or more, odd) on EKS",
  (v) => ((num(get(v, "server.replicas")) ?? 1) >= 3 ? [] : [`${at(v, "server.replicas")} (chart default 1) on EKS`]),
  isEksStack,
);

/** HM-CON-009: redundant mesh gateways on EKS. */
export const consulMeshGatewayReplicas = valuesRule(
  "HM-CON-009",
  "A single mesh gateway is a single point of failure for every cross-environment call.",
  "set meshGateway.replicas: 2 (or more) on EKS, with pod anti-affinity",
  (v) =>
    (num(get(v, "meshGateway.replicas")) ?? 1) >= 2
      ? []
      : [`${at(v, "meshGateway.replicas")} (chart default 1) on EKS`],
  isEksStack,
);

/** HM-CON-010: a LoadBalancer mesh gateway accepts only the peer's CIDRs. */
export const consulMeshGatewaySourceRanges = valuesRule(
  "HM-CON-010",
  "A LoadBalancer mesh gateway without source ranges is reachable from the whole internet.",
  'set meshGateway.service.additionalSpec: "loadBalancerSourceRanges: [<on-prem egress CIDRs>]" (the chart has no loadBalancerSourceRanges value)',
  (v) => {
    const type = get(v, "meshGateway.service.type") ?? "LoadBalancer";
    if (type !== "LoadBalancer") return [];
    const spec = get(v, "meshGateway.service.additionalSpec");
    let ranges: readonly unknown[];
    try {
      ranges = many(one(typeof spec === "string" ? parse(spec) : spec)?.loadBalancerSourceRanges);
    } catch {
      return [`meshGateway.service.additionalSpec is not YAML: ${showOrAbsent(spec)}`];
    }
    // Open by coverage: 0.0.0.0/0, a range wide enough to admit the internet, or ranges that together cover it.
    if (ranges.length && openness(ranges.map(String)) === undefined) return [];
    const ignored = get(v, "meshGateway.service.loadBalancerSourceRanges");
    const note =
      ignored !== undefined
        ? ` (meshGateway.service.loadBalancerSourceRanges ${showOrAbsent(ignored)} is not a chart value and is ignored)`
        : "";
    return [
      `meshGateway.service.type is ${showOrAbsent(type)} with loadBalancerSourceRanges ${showOrAbsent(ranges)} in additionalSpec${note}`,
    ];
  },
  isEksStack,
);

/**
 * Whether a PDB's label selector takes the mesh gateway's pods and no others, by their `component`
 * label. Kubernetes ANDs every requirement of a LabelSelector; a value is allowed when `match_labels`
 * and each expression on `component` admit it. The selector must name values (by `match_labels` or
 * `In`), allow mesh-gateway, and allow none of the other values it names.
 */
function selectsMeshGateway(selector: unknown): boolean {
  const GATEWAY = "mesh-gateway";
  const label = one(get(selector, "match_labels"))?.component;
  const expressions = objects(get(selector, "match_expressions")).filter((e) => e.key === "component");
  const admits = (e: JsonObject, v: unknown) => {
    const values = many(e.values);
    if (e.operator === "In") return values.includes(v);
    if (e.operator === "NotIn") return !values.includes(v);
    return e.operator === "Exists";
  };
  const allowed = (v: unknown) => (label === undefined || label === v) && expressions.every((e) => admits(e, v));
  const named = [label, ...expressions.filter((e) => e.operator === "In").flatMap((e) => many(e.values))].filter(
    (v) => v !== undefined,
  );
  return named.length > 0 && allowed(GATEWAY) && named.every((v) => v === GATEWAY || !allowed(v));
}

/** HM-CON-011: a PodDisruptionBudget for the mesh gateway beside each consul release. */
export const consulMeshGatewayPdb: PolicyRule = {
  id: "HM-CON-011",
  rationale: "The chart ships no PDB for mesh gateways, so a node drain can take every gateway down at once.",
  fix: 'add a kubernetes_pod_disruption_budget_v1 in the same stack selecting component = "mesh-gateway" (match_labels or an In expression)',
  check(ctx) {
    const releases = consulReleases(ctx);
    if (!releases.length) return [];
    const hasPdb = ctx
      .resources("kubernetes_pod_disruption_budget_v1", "kubernetes_pod_disruption_budget")
      .some((p) => selectsMeshGateway(get(p.config, "spec.selector")));
    return hasPdb
      ? []
      : releases.map((r: PolicyElement) => ({
          construct: r.construct,
          found: "no PodDisruptionBudget selecting component=mesh-gateway in this stack",
        }));
  },
};

/** HM-CON-012: the gate can read the chart values. */
export const consulValuesReadable: PolicyRule = {
  id: "HM-CON-012",
  rationale: "Values the gate can't read at synth (Terraform functions, non-YAML) can't be checked by HM-CON-001..011.",
  fix: "pass values as YAML documents built with the yaml package, not file()/yamlencode() expressions",
  check(ctx) {
    return consulReleases(ctx).flatMap((r) =>
      releaseValues(ctx, r).unreadable.map((found) => ({ construct: r.construct, found })),
    );
  },
};

/** Consul Helm values rules (helm_release of the consul chart). */
export const CONSUL_RULES: readonly PolicyRule[] = [
  consulTls,
  consulAcls,
  consulGossipEncryption,
  consulPeering,
  consulUiNotExposed,
  consulServerNotExposed,
  consulCni,
  consulServerReplicas,
  consulMeshGatewayReplicas,
  consulMeshGatewaySourceRanges,
  consulMeshGatewayPdb,
  consulValuesReadable,
];

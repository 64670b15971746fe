import * as path from "path";
import { formatAllowList } from "../constructs/topology";
import { CONSUL_CHART } from "../infra/chart-values";
import { describeGateway, describeHosts } from "./describe";
import type { SynthResult } from "./synth";

type Block = Record<string, Record<string, unknown>> | undefined;
const count = (b: Block) => Object.values(b ?? {}).reduce((n, byName) => n + Object.keys(byName).length, 0);

const HEADLINE = [
  "aws_vpc",
  "aws_eks_cluster",
  "aws_eks_node_group",
  "aws_eks_addon",
  "aws_vpn_connection",
  "aws_ecr_repository",
  "aws_flow_log",
  "aws_kms_key",
  "helm_release",
  "kubernetes_pod_disruption_budget_v1",
  "kubernetes_namespace_v1",
  "kubernetes_deployment_v1",
];

/** What a stack holds, from its synthesized JSON: the main resource types with counts. */
function holds(json: { resource?: Block; data?: Block }): string {
  const byType = Object.entries(json.resource ?? {}).map(([t, m]) => [t, Object.keys(m).length] as const);
  const manifests = Object.values(
    (json.resource?.kubernetes_manifest ?? {}) as Record<string, { manifest?: { kind?: string } }>,
  ).map((m) => m.manifest?.kind ?? "?");
  // Config entries by their Consul kind, e.g. service-intentions×4 (a VM datacenter's mesh objects).
  const entries = Object.values((json.resource?.consul_config_entry ?? {}) as Record<string, { kind?: string }>).map(
    (e) => e.kind ?? "?",
  );
  const byKind = (list: string[]) => [...new Set(list)].sort().map((k) => `${k}×${list.filter((x) => x === k).length}`);
  const kinds = [...byKind(manifests), ...byKind(entries)];
  // The resources that say what a stack is, first; then the most numerous of the rest.
  const rank = (t: string) => (HEADLINE.includes(t) ? HEADLINE.indexOf(t) : HEADLINE.length);
  const main = byType
    .filter(([t]) => t !== "kubernetes_manifest" && t !== "consul_config_entry")
    .sort((a, b) => rank(a[0]) - rank(b[0]) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 8)
    .map(([t, n]) => (n > 1 ? `${t}×${n}` : t));
  const all = [...main, ...kinds];
  // A stack of data sources and outputs only (e.g. cloud-init user-data) says what it reads.
  if (!all.length)
    for (const [t, m] of Object.entries(json.data ?? {}))
      all.push(Object.keys(m).length > 1 ? `${t}×${Object.keys(m).length}` : t);
  return all.join(", ");
}

/** The printed summary: stacks in deploy order, environments, connectivity, allow-list, gate. */
export function summaryLines(r: SynthResult): string[] {
  const { mesh, config } = r;
  const rel = (p: string) => path.relative(process.cwd(), p) || ".";
  const out: string[] = [];
  out.push(
    `${config.project}: ${mesh.stacks.length} stacks synthesized from ${rel(r.configFile)} into ${rel(r.outdir)} in ${(r.ms / 1000).toFixed(1)} s`,
  );
  out.push("", "Deploy order (npx cdktf deploy <stack>, one at a time, or all with npx cdktf deploy '*'):");
  const w = Math.max(...mesh.stacks.map((s) => s.id.length));
  mesh.stacks.forEach((s, i) => {
    const json = r.stackJson.get(s.id) ?? {};
    out.push(`  ${i + 1}. ${s.id.padEnd(w)}  ${s.target}`);
    out.push(
      `     ${"".padEnd(w)}  ${count(json.resource)} resources, ${count(json.data)} data sources: ${holds(json)}`,
    );
  });
  out.push(
    "",
    `Consul chart ${CONSUL_CHART.chart} ${CONSUL_CHART.version}: TLS (verify, HTTPS only, auto-encrypt), managed ACLs, generated gossip key, peering, CNI, UI on ClusterIP.`,
  );
  out.push("", "Environments:");
  for (const ctx of mesh.contexts) {
    const services = mesh.plan.environments.find((e) => e.name === ctx.name)?.workloads.map((wl) => wl.service) ?? [];
    out.push(
      `  ${ctx.name} (${ctx.env.kind}, datacenter ${ctx.env.datacenter}): services ${services.join(", ") || "none"}`,
    );
    out.push(`    mesh gateway: ${describeGateway(ctx)}`);
    for (const line of describeHosts(ctx)) out.push(`    host ${line}`);
    for (const e of mesh.plan.environments.find((p) => p.name === ctx.name)?.externalServices ?? []) {
      out.push(
        `    external ${e.name} at ${e.address}:${e.port} (${e.protocol}) through the terminating gateway; callers ${e.callers.join(", ") || "none"}`,
      );
    }
  }
  const c = config.connectivity;
  out.push(
    "",
    `Connectivity: ${c.type === "vpn" ? `site-to-site VPN to customer gateway ${c.vpn.customerGatewayIp} (BGP ASN ${c.vpn.bgpAsn})` : "public gateway addresses"}; traffic directions ${mesh.plan.directions.join(", ") || "none"}`,
  );
  for (const p of config.peerings)
    out.push(`Peering: ${p.dialer} dials ${p.acceptor} (acceptor ${p.acceptor}), peering-version ${p.version}`);
  out.push("", "Allow-list (everything else is denied by default-deny intentions):");
  for (const line of formatAllowList(mesh.plan)) out.push(`  ${line}`);
  if (r.warnings.length) {
    out.push("", "Warnings:");
    for (const wline of r.warnings) out.push(`  ${wline}`);
  }
  const sup = r.gate.suppressed;
  out.push(
    "",
    `Policy gate: ${r.gate.rules.length} rules, ${r.gate.violations.length} violations, ${sup.length} suppressions`,
  );
  for (const s of sup) out.push(`  suppressed ${s.ruleId} at ${s.path}: ${s.reason}`);
  out.push("", `Topology diagram: ${rel(path.join(r.outdir, "topology.md"))}`);
  return out;
}

import type { TopologyPlan } from "./types";

const id = (env: string, svc: string) => `${env.replace(/-/g, "_")}__${svc.replace(/-/g, "_")}`;
// The trailing "_" keeps the gateway's id apart from a service's: a DNS-1123 name cannot end in "-",
// so no service id ends in "_" (a service named "gateway" would otherwise share the gateway's node).
const gw = (env: string) => `${env.replace(/-/g, "_")}__gateway_`;
// Ids ending in "_" again: apart from services, from the mesh gateway ("..._gateway_") and from each other.
const tgw = (env: string) => `${env.replace(/-/g, "_")}__terminating_`;
const ext = (env: string, name: string) => `${env.replace(/-/g, "_")}__${name.replace(/-/g, "_")}__external_`;

/**
 * Draws the derived topology as a Mermaid flowchart: environments as subgraphs, local calls as
 * plain arrows, cross-peer calls as thick arrows through both mesh gateways' peering, failover
 * as dotted arrows. External services are parallelograms of their own class, reached from their
 * callers through the environment's terminating gateway.
 */
export function renderMermaid(plan: TopologyPlan, labels: Record<string, string> = {}): string {
  const out = ["flowchart LR"];
  for (const env of plan.environments) {
    out.push(`  subgraph ${env.name.replace(/-/g, "_")}["${labels[env.name] ?? env.name}"]`);
    out.push(`    ${gw(env.name)}{{"mesh gateway"}}`);
    for (const w of env.workloads) out.push(`    ${id(env.name, w.service)}["${w.service}"]`);
    if (env.externalServices.length) out.push(`    ${tgw(env.name)}{{"terminating gateway"}}`);
    for (const e of env.externalServices)
      out.push(`    ${ext(env.name, e.name)}[/"${e.name}<br/>external ${e.address}:${e.port}"/]`);
    out.push("  end");
  }
  const styles: Record<"local" | "cross" | "failover" | "peering" | "external", number[]> = {
    local: [],
    cross: [],
    failover: [],
    peering: [],
    external: [],
  };
  let n = 0;
  const edge = (kind: keyof typeof styles, line: string) => {
    out.push(`  ${line}`);
    styles[kind].push(n++);
  };
  for (const p of plan.peerings)
    edge("peering", `${gw(p.dialer)} <-->|"peering: ${p.dialer} dials ${p.acceptor}"| ${gw(p.acceptor)}`);
  for (const a of plan.allowList) {
    const from = id(a.callerEnv, a.caller);
    const to = id(a.calleeEnv, a.callee);
    if (a.external) edge("external", `${from} --> ${tgw(a.calleeEnv)}`);
    else if (a.via === "failover") edge("failover", `${from} -.->|"failover"| ${to}`);
    else if (a.peer) edge("cross", `${from} ==>|"via peer ${a.calleeEnv}"| ${to}`);
    else edge("local", `${from} --> ${to}`);
  }
  for (const env of plan.environments) {
    for (const e of env.externalServices)
      edge("external", `${tgw(env.name)} -->|"${e.protocol}"| ${ext(env.name, e.name)}`);
  }
  out.push("  classDef gateway fill:#f5f0ff,stroke:#7b42bc");
  for (const env of plan.environments)
    out.push(`  class ${[gw(env.name), ...(env.externalServices.length ? [tgw(env.name)] : [])].join(",")} gateway`);
  const externals = plan.environments.flatMap((env) => env.externalServices.map((e) => ext(env.name, e.name)));
  if (externals.length)
    out.push(
      "  classDef external fill:#fff8e6,stroke:#b7791f,stroke-dasharray:4 3",
      `  class ${externals.join(",")} external`,
    );
  const color = { local: "#555", cross: "#1563ff", failover: "#e5484d", peering: "#7b42bc", external: "#b7791f" };
  for (const [kind, idx] of Object.entries(styles) as [keyof typeof styles, number[]][]) {
    if (idx.length) out.push(`  linkStyle ${idx.join(",")} stroke:${color[kind]}`);
  }
  return out.join("\n") + "\n";
}

/** The allow-list as aligned text rows: caller -> callee, via which peer. */
export function formatAllowList(plan: TopologyPlan): string[] {
  const rows = plan.allowList.map((a) => [
    `${a.caller} (${a.callerEnv})`,
    `${a.callee} (${a.calleeEnv}${a.external ? ", external" : ""})`,
    a.peer ? `peer ${a.peer}` : "local",
    a.via,
  ]);
  const head = ["caller", "callee", "source peer", "why"];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}

import { formatAllowList, renderMermaid } from "../../constructs/topology/mermaid";
import type { TopologyPlan } from "../../constructs/topology/types";

// The Mermaid drawing of a small hand-made plan, line by line: subgraphs with labels, the gateway
// node ids, each kind of edge and the link styles that colour them by index.
const plan = {
  environments: [
    { name: "on-prem", workloads: [{ service: "a" }, { service: "web-ui" }], externalServices: [] },
    { name: "cloud", workloads: [{ service: "c" }], externalServices: [] },
  ],
  peerings: [{ dialer: "on-prem", acceptor: "cloud" }],
  allowList: [
    { caller: "a", callerEnv: "on-prem", callee: "web-ui", calleeEnv: "on-prem", via: "call" },
    { caller: "a", callerEnv: "on-prem", callee: "c", calleeEnv: "cloud", peer: "on-prem", via: "call" },
    { caller: "web-ui", callerEnv: "on-prem", callee: "c", calleeEnv: "cloud", peer: "on-prem", via: "failover" },
  ],
} as unknown as TopologyPlan;

describe("renderMermaid boundaries", () => {
  it("draws environments, gateways, each kind of edge and its colour", () => {
    expect(renderMermaid(plan, { cloud: "AWS" })).toBe(
      [
        "flowchart LR",
        '  subgraph on_prem["on-prem"]',
        '    on_prem__gateway_{{"mesh gateway"}}',
        '    on_prem__a["a"]',
        '    on_prem__web_ui["web-ui"]',
        "  end",
        '  subgraph cloud["AWS"]',
        '    cloud__gateway_{{"mesh gateway"}}',
        '    cloud__c["c"]',
        "  end",
        '  on_prem__gateway_ <-->|"peering: on-prem dials cloud"| cloud__gateway_',
        "  on_prem__a --> on_prem__web_ui",
        '  on_prem__a ==>|"via peer cloud"| cloud__c',
        '  on_prem__web_ui -.->|"failover"| cloud__c',
        "  classDef gateway fill:#f5f0ff,stroke:#7b42bc",
        "  class on_prem__gateway_ gateway",
        "  class cloud__gateway_ gateway",
        "  linkStyle 1 stroke:#555",
        "  linkStyle 2 stroke:#1563ff",
        "  linkStyle 3 stroke:#e5484d",
        "  linkStyle 0 stroke:#7b42bc",
        "",
      ].join("\n"),
    );
  });

  it("styles several edges of one kind in one line, and leaves out kinds without edges", () => {
    const local = {
      environments: [{ name: "e", workloads: [], externalServices: [] }],
      peerings: [],
      allowList: [
        { caller: "a", callerEnv: "e", callee: "b", calleeEnv: "e", via: "call" },
        { caller: "b", callerEnv: "e", callee: "c", calleeEnv: "e", via: "call" },
      ],
    } as unknown as TopologyPlan;
    expect(
      renderMermaid(local)
        .split("\n")
        .filter((l) => l.includes("linkStyle")),
    ).toEqual(["  linkStyle 0,1 stroke:#555"]);
  });
});

describe("formatAllowList", () => {
  it("aligns the columns to the widest cell and names the peer, or local", () => {
    expect(formatAllowList(plan)).toEqual([
      "caller            callee            source peer   why",
      "----------------  ----------------  ------------  --------",
      "a (on-prem)       web-ui (on-prem)  local         call",
      "a (on-prem)       c (cloud)         peer on-prem  call",
      "web-ui (on-prem)  c (cloud)         peer on-prem  failover",
    ]);
  });
});

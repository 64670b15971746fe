import { deriveTopology, formatAllowList, renderMermaid } from "../../constructs/topology";
import { defaultSpec } from "./fixtures";
import { must } from "../support";

describe("renderMermaid", () => {
  let plan: ReturnType<typeof deriveTopology>;
  let out: string;
  let lines: string[];
  let edges: string[];
  beforeAll(() => {
    plan = deriveTopology(defaultSpec());
    out = renderMermaid(plan);
    lines = out.trimEnd().split("\n");
    edges = lines.filter((l) => /-->|==>|-\.->|<-->/.test(l)).map((l) => l.trim());
  });

  it("matches the snapshot", () => {
    expect(out).toMatchSnapshot();
  });

  it("is a left-to-right flowchart with one subgraph per environment, in spec order, each with its gateway and services", () => {
    expect(lines[0]).toBe("flowchart LR");
    expect(out.endsWith("\n")).toBe(true);
    expect(lines.slice(1, 13)).toEqual([
      '  subgraph cloud["cloud"]',
      '    cloud__gateway_{{"mesh gateway"}}',
      '    cloud__c["c"]',
      '    cloud__d["d"]',
      '    cloud__e["e"]',
      "  end",
      '  subgraph onprem["onprem"]',
      '    onprem__gateway_{{"mesh gateway"}}',
      '    onprem__a["a"]',
      '    onprem__b["b"]',
      '    onprem__e["e"]',
      '    onprem__f["f"]',
    ]);
    expect(lines).toContain("  class cloud__gateway_ gateway");
    expect(lines).toContain("  class onprem__gateway_ gateway");
  });

  it("draws the peering between the gateways, then one edge per allow-list row in its style", () => {
    expect(edges).toEqual([
      'onprem__gateway_ <-->|"peering: onprem dials cloud"| cloud__gateway_',
      "cloud__c --> cloud__d",
      "cloud__d --> cloud__e",
      'cloud__d -.->|"failover"| onprem__e',
      'cloud__e ==>|"via peer onprem"| onprem__f',
      'onprem__a ==>|"via peer cloud"| cloud__c',
      "onprem__a --> onprem__b",
      "onprem__e --> onprem__f",
    ]);
  });

  it("colours each kind of edge by its index", () => {
    expect(lines.filter((l) => l.startsWith("  linkStyle"))).toEqual([
      "  linkStyle 1,2,6,7 stroke:#555",
      "  linkStyle 4,5 stroke:#1563ff",
      "  linkStyle 3 stroke:#e5484d",
      "  linkStyle 0 stroke:#7b42bc",
    ]);
  });

  it("uses the labels given for environments, and ids safe for names with '-'", () => {
    const spec = defaultSpec();
    spec.environments = [
      { name: "aws-cloud", reachableFrom: ["onprem"] },
      { name: "onprem", reachableFrom: ["aws-cloud"] },
    ];
    spec.peerings = [{ acceptor: "aws-cloud", dialer: "onprem" }];
    spec.services = spec.services.map((s) => ({
      ...s,
      environments: s.environments.map((e) => (e === "cloud" ? "aws-cloud" : e)),
    }));
    spec.failover = [{ service: "e", from: "aws-cloud", to: "onprem" }];
    const text = renderMermaid(deriveTopology(spec), { "aws-cloud": "AWS (eu-west-1)" });
    expect(text).toContain('  subgraph aws_cloud["AWS (eu-west-1)"]');
    expect(text).toContain('  subgraph onprem["onprem"]');
    expect(text).toContain('  onprem__gateway_ <-->|"peering: onprem dials aws-cloud"| aws_cloud__gateway_');
    expect(text).toContain('  onprem__a ==>|"via peer aws-cloud"| aws_cloud__c');
  });

  it("keeps a service named gateway apart from the environment's gateway node", () => {
    const spec = defaultSpec();
    spec.services = [...spec.services, { name: "gateway", environments: ["cloud"], port: 8080 }];
    spec.calls = [...spec.calls, { from: "c", to: "gateway" }];
    const text = renderMermaid(deriveTopology(spec));
    expect(text).toContain('    cloud__gateway["gateway"]');
    expect(text).toContain('    cloud__gateway_{{"mesh gateway"}}');
    expect(text).toContain("  cloud__c --> cloud__gateway\n");
    const ids = text
      .split("\n")
      .filter((l) => /^ {4}\w+[[{]/.test(l))
      .map((l) => must(l.trim().match(/^\w+/))[0]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("formatAllowList", () => {
  it("prints an aligned header, a rule and one row per allowed path", () => {
    expect(formatAllowList(deriveTopology(defaultSpec()))).toEqual([
      "caller      callee      source peer  why",
      "----------  ----------  -----------  --------",
      "c (cloud)   d (cloud)   local        call",
      "d (cloud)   e (cloud)   local        call",
      "d (cloud)   e (onprem)  peer cloud   failover",
      "e (cloud)   f (onprem)  peer cloud   call",
      "a (onprem)  c (cloud)   peer onprem  call",
      "a (onprem)  b (onprem)  local        call",
      "e (onprem)  f (onprem)  local        call",
    ]);
  });
});

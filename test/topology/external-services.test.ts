import {
  deriveTopology,
  formatAllowList,
  renderMermaid,
  upstreamPortOf,
  verifyDeclarations,
} from "../../constructs/topology";
import { defaultSpec, envOf, problemsOf } from "./fixtures";
import { must } from "../support";

// Services outside the mesh, called through the terminating gateway of their environment.
const MAINFRAME = {
  name: "mainframe",
  address: "192.168.20.15",
  port: 8080,
  environment: "onprem",
  protocol: "http" as const,
};

function spec() {
  const s = defaultSpec();
  s.externalServices = [MAINFRAME];
  s.calls.push({ from: "b", to: "mainframe" });
  return s;
}

describe("deriveTopology with external services", () => {
  it("links the external service in its environment, allows only its callers and gives them an upstream", () => {
    const s = spec();
    s.calls.push({ from: "f", to: "mainframe" });
    const plan = deriveTopology(s);
    const onprem = envOf(plan, "onprem");
    expect(onprem.externalServices).toEqual([
      { name: "mainframe", address: "192.168.20.15", port: 8080, protocol: "http", callers: ["b", "f"] },
    ]);
    expect(envOf(plan, "cloud").externalServices).toEqual([]);
    expect(onprem.intentions.find((i) => i.destination === "mainframe")).toEqual({
      destination: "mainframe",
      sources: [{ name: "b" }, { name: "f" }],
    });
    const port = upstreamPortOf("mainframe", 9100);
    expect(
      must(
        onprem.workloads.find((w) => w.service === "b"),
        "b's workload",
      ).upstreams,
    ).toEqual([
      {
        service: "mainframe",
        localPort: port,
        annotation: `mainframe:${port}`,
        external: { address: "192.168.20.15", port: 8080 },
      },
    ]);
    // Not exported, not a traffic direction, no service defaults of a workload: it is not a mesh service.
    expect(onprem.exports.map((e) => e.service)).not.toContain("mainframe");
    expect(onprem.serviceDefaults.map((d) => d.service)).not.toContain("mainframe");
    expect(plan.directions).toEqual(deriveTopology(defaultSpec()).directions);
    expect(plan.allowList.filter((a) => a.external)).toEqual([
      { caller: "b", callerEnv: "onprem", callee: "mainframe", calleeEnv: "onprem", via: "call", external: true },
      { caller: "f", callerEnv: "onprem", callee: "mainframe", calleeEnv: "onprem", via: "call", external: true },
    ]);
    expect(formatAllowList(plan)).toContainEqual(
      expect.stringMatching(/^b \(onprem\)\s+mainframe \(onprem, external\)\s+local\s+call$/),
    );
  });

  it("protocol defaults to tcp, and an external service nobody calls is linked with a warning", () => {
    const s = defaultSpec();
    s.externalServices = [{ ...MAINFRAME, protocol: undefined }];
    const plan = deriveTopology(s);
    expect(envOf(plan, "onprem").externalServices).toEqual([
      { name: "mainframe", address: "192.168.20.15", port: 8080, protocol: "tcp", callers: [] },
    ]);
    expect(plan.warnings).toContain(
      'externalServices[0]: "mainframe" is never called; its gateway link and registration are made anyway',
    );
  });

  it("refuses a caller that runs in another environment, naming the call and where it runs", () => {
    const s = spec();
    s.calls.push({ from: "c", to: "mainframe" });
    expect(problemsOf(() => deriveTopology(s))).toEqual([
      'calls[6]: "c -> mainframe" from cloud: "mainframe" is an external service of onprem, reached only through onprem\'s terminating gateway; a caller must run in onprem (calls across a peering to a terminating gateway are not supported)',
    ]);
  });

  it("refuses the remote instance of a caller that also runs beside the gateway", () => {
    const s = spec();
    s.calls.push({ from: "e", to: "mainframe" });
    expect(problemsOf(() => deriveTopology(s))).toEqual([
      expect.stringMatching(/^calls\[6\]: "e -> mainframe" from cloud: /),
    ]);
  });

  it("a call to an undeclared external service is an unknown service", () => {
    const s = defaultSpec();
    s.calls.push({ from: "b", to: "mainframe" });
    expect(problemsOf(() => deriveTopology(s))).toEqual(['calls[5]: "b -> mainframe": unknown service "mainframe"']);
  });

  it("an external service cannot call", () => {
    const s = spec();
    s.calls.push({ from: "mainframe", to: "b" });
    expect(problemsOf(() => deriveTopology(s))).toEqual([
      'calls[6]: "mainframe -> b": "mainframe" is an external service; it sits outside the mesh and cannot be a caller',
    ]);
  });

  it("verifies names and environments of external services", () => {
    const s = spec();
    s.externalServices = [
      MAINFRAME,
      { ...MAINFRAME },
      { ...MAINFRAME, name: "b" },
      { ...MAINFRAME, name: "Bad_Name", environment: "dc3" },
    ];
    expect(verifyDeclarations(s).problems).toEqual([
      'externalServices[1].name: "mainframe" is a duplicate of externalServices[0]',
      'externalServices[2].name: "b" is already the mesh service services[1]',
      "externalServices[3].name: \"Bad_Name\" is not a DNS-1123 label (lower-case letters, digits and '-')",
      'externalServices[3].environment: "dc3" is not a declared environment',
    ]);
  });

  it("an external upstream that collides in a caller's pod is blamed at its own upstreamPort", () => {
    const s = spec();
    // a calls b and c; pinning mainframe, which a calls too, to c's port collides in a's pod.
    const cPort = upstreamPortOf("c", 9100);
    s.calls.push({ from: "a", to: "mainframe" });
    s.externalServices = [{ ...MAINFRAME, upstreamPort: cPort }];
    expect(problemsOf(() => deriveTopology(s))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^externalServices\\[0\\]\\.upstreamPort: ${cPort} \\(pinned, the upstream listener for "mainframe"\\) collides with the listener for "c" in "a"'s pod; pin externalServices\\[0\\]\\.upstreamPort to a free port, e\\.g\\. \\d+$`,
        ),
      ),
    ]);
  });
});

describe("renderMermaid with external services", () => {
  let lines: string[];
  beforeAll(() => {
    lines = renderMermaid(deriveTopology(spec()))
      .split("\n")
      .map((l) => l.trim());
  });

  it("draws the external service as its own node class inside its environment, behind the terminating gateway", () => {
    const onprem = lines.slice(
      lines.indexOf('subgraph onprem["onprem"]'),
      lines.indexOf("end", lines.indexOf('subgraph onprem["onprem"]')),
    );
    expect(onprem).toContain('onprem__terminating_{{"terminating gateway"}}');
    expect(onprem).toContain('onprem__mainframe__external_[/"mainframe<br/>external 192.168.20.15:8080"/]');
    expect(lines).toContain("onprem__b --> onprem__terminating_");
    expect(lines).toContain('onprem__terminating_ -->|"http"| onprem__mainframe__external_');
    expect(lines).toContain("class onprem__mainframe__external_ external");
    expect(lines).toContain("class onprem__gateway_,onprem__terminating_ gateway");
    expect(lines.filter((l) => l.startsWith("classDef external"))).toHaveLength(1);
    // No edge goes straight from a caller to the external node.
    expect(lines.filter((l) => /^onprem__b .*mainframe__external_/.test(l))).toEqual([]);
  });

  it("colors the gateway hops apart and leaves a topology without external services as it was", () => {
    const edgeIndex = lines
      .filter((l) => /-->|==>|-\.->|<-->/.test(l))
      .findIndex((l) => l === "onprem__b --> onprem__terminating_");
    const style = must(
      lines.find((l) => l.endsWith("stroke:#b7791f") && l.startsWith("linkStyle")),
      "the gateway hops' linkStyle",
    );
    expect(style.split(" ")[1].split(",").map(Number)).toContain(edgeIndex);
    const plain = renderMermaid(deriveTopology(defaultSpec()));
    expect(plain).not.toMatch(/terminating|external/);
  });
});

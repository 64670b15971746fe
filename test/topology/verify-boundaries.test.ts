import { verifyDeclarations, type TopologySpec } from "../../constructs/topology";
import { defaultSpec } from "./fixtures";

// verifyDeclarations at the edges its other tests leave: a service that runs in several
// environments named in a failover message, an external service that is called (no warning),
// a self call beside a real cycle (the cycle warning ignores the self call), and the length at
// which a cycle is shortened.

describe("verifyDeclarations boundaries", () => {
  it("lists every environment a service runs in when a failover names another", () => {
    // given: e runs in cloud and onprem; a third environment runs nothing of e
    const spec = defaultSpec();
    spec.environments.push({ name: "edge", reachableFrom: [] });
    spec.failover = [{ service: "e", from: "cloud", to: "edge" }];
    // when
    const { problems } = verifyDeclarations(spec);
    // then
    expect(problems).toEqual(['failover[0].to: "edge": service "e" does not run there (it runs in cloud, onprem)']);
  });

  it("does not warn about an external service that a mesh service calls", () => {
    // given
    const spec = defaultSpec();
    spec.externalServices = [{ name: "mainframe", address: "192.168.20.15", port: 8080, environment: "onprem" }];
    spec.calls.push({ from: "b", to: "mainframe" });
    // when
    const { problems, warnings } = verifyDeclarations(spec);
    // then
    expect({ problems, warnings }).toEqual({ problems: [], warnings: [] });
  });

  it("names the cycle through two services, not a self call of its first service", () => {
    // given: a calls itself (a problem), and a -> b -> a is a cycle
    const spec = defaultSpec();
    spec.calls.unshift({ from: "a", to: "a" });
    spec.calls.push({ from: "b", to: "a" });
    // when
    const { problems, warnings } = verifyDeclarations(spec);
    // then
    expect({ problems, warnings }).toEqual({
      problems: ['calls[0]: "a -> a": a service cannot call itself'],
      warnings: ['calls[6]: "a -> b -> a" is a call cycle (2 services): a request that follows it never returns'],
    });
  });

  it("shows a cycle of six services whole, and cuts one of seven in the middle", () => {
    // given: one environment, services s1..sN calling each other in a ring
    const ring = (n: number): TopologySpec => {
      const names = Array.from({ length: n }, (_, i) => `s${i + 1}`);
      return {
        environments: [{ name: "cloud", reachableFrom: [] }],
        peerings: [],
        services: names.map((name, i) => ({ name, environments: ["cloud"], port: 8080, entrypoint: i === 0 })),
        calls: names.map((from, i) => ({ from, to: names[(i + 1) % n] })),
      };
    };
    // when
    const warnings = [6, 7].flatMap((n) => verifyDeclarations(ring(n)).warnings);
    // then
    expect(warnings).toEqual([
      'calls[5]: "s1 -> s2 -> s3 -> s4 -> s5 -> s6 -> s1" is a call cycle (6 services): a request that follows it never returns',
      'calls[6]: "s1 -> s2 -> s3 -> ... -> s6 -> s7 -> s1" is a call cycle (7 services): a request that follows it never returns',
    ]);
  });
});

import * as fc from "fast-check";
import { deriveTopology, renderMermaid, type TopologySpec } from "../../constructs/topology";
import { defaultSpec } from "./fixtures";
import { validSpec } from "./generators";

/** The parts of a plan that must not depend on the order services and calls are declared in. */
const orderFree = (spec: TopologySpec) => {
  const { environments, allowList, directions } = deriveTopology(spec);
  return { environments, allowList, directions };
};

describe("determinism", () => {
  it("deriving twice gives identical plans, down to the serialized bytes and the diagram", () => {
    const a = deriveTopology(defaultSpec());
    const b = deriveTopology(defaultSpec());
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(renderMermaid(b)).toBe(renderMermaid(a));
  });

  it("deriving does not modify the spec", () => {
    const spec = defaultSpec();
    const before = JSON.stringify(spec);
    deriveTopology(spec);
    expect(JSON.stringify(spec)).toBe(before);
  });

  it("reversing services and calls changes nothing but the config paths in warnings", () => {
    const spec = defaultSpec();
    spec.services.push({ name: "lonely", environments: ["cloud"], port: 8080 });
    const reversed = { ...spec, services: [...spec.services].reverse(), calls: [...spec.calls].reverse() };
    expect(orderFree(reversed)).toEqual(orderFree(spec));
    expect(JSON.stringify(orderFree(reversed))).toBe(JSON.stringify(orderFree(spec)));
    // The warning names the declaration by its index, which legitimately moves.
    expect(deriveTopology(spec).warnings).toEqual(['services[6]: "lonely" is never called and is not an entry point']);
    expect(deriveTopology(reversed).warnings).toEqual([
      'services[0]: "lonely" is never called and is not an entry point',
    ]);
  });

  it("environment order follows the spec, with the same contents per environment", () => {
    const spec = defaultSpec();
    const flipped = { ...spec, environments: [...spec.environments].reverse() };
    const a = deriveTopology(spec),
      b = deriveTopology(flipped);
    expect(a.environments.map((e) => e.name)).toEqual(["cloud", "onprem"]);
    expect(b.environments.map((e) => e.name)).toEqual(["onprem", "cloud"]);
    expect([...b.environments].reverse()).toEqual(a.environments);
    expect(b.allowList).toEqual(a.allowList);
    expect(b.directions).toEqual(a.directions);
  });

  it("any shuffle of services, calls and failovers gives the same plan (random valid topologies)", () => {
    const withShuffles = validSpec.chain((spec) =>
      fc.record({
        spec: fc.constant(spec),
        services: fc.shuffledSubarray([...spec.services], { minLength: spec.services.length }),
        calls: fc.shuffledSubarray([...spec.calls], { minLength: spec.calls.length }),
        failover: fc.shuffledSubarray([...(spec.failover ?? [])], { minLength: spec.failover?.length ?? 0 }),
      }),
    );
    fc.assert(
      fc.property(withShuffles, ({ spec, services, calls, failover }) => {
        const shuffled = { ...spec, services, calls, failover };
        const a = orderFree(spec),
          b = orderFree(shuffled);
        // Failover peers keep their declared order (it is Consul's priority order); everything else is sorted.
        const peersAsSets = (p: typeof a) => ({
          ...p,
          environments: p.environments.map((e) => ({
            ...e,
            resolvers: e.resolvers.map((r) => ({ ...r, failoverPeers: [...r.failoverPeers].sort() })),
          })),
        });
        expect(peersAsSets(b)).toEqual(peersAsSets(a));
        expect(deriveTopology(shuffled).warnings.length).toBe(deriveTopology(spec).warnings.length);
      }),
      { numRuns: 100 },
    );
  });
});

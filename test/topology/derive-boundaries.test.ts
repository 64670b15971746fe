import { deriveTopology, type TopologySpec } from "../../constructs/topology";
import { DEFAULT_UPSTREAM_PORT_BASE, UPSTREAM_PORT_SPAN, upstreamPortOf } from "../../constructs/topology/ports";
import { envOf, problemsOf } from "./fixtures";

// deriveTopology at each boundary: the free port a collision suggests (after the pinned one, past
// ports taken in a caller's pod, sidecar ports and pinned ports, and from the base when the pinned
// port lies outside the spread), which of two colliding listeners is blamed (the later-declared),
// and the order of external services and their callers.

/** One environment "x" where `app` (listening on `appPort`) calls each of `callees`, pinned as given. */
function onePod(appPort: number, callees: { readonly name: string; readonly upstreamPort?: number }[]): TopologySpec {
  return {
    environments: [{ name: "x", reachableFrom: [] }],
    peerings: [],
    services: [
      { name: "app", environments: ["x"], port: appPort },
      ...callees.map((c) => ({ ...c, environments: ["x"], port: 8080 })),
    ],
    calls: callees.map((c) => ({ from: "app", to: c.name })),
  };
}

const ownPort = (i: number, port: number, service: string, suggested: number) =>
  `services[${i}].upstreamPort: ${port} (pinned, the upstream listener for "${service}") collides with the port of "app" itself in its pod; pin services[${i}].upstreamPort to a free port, e.g. ${suggested}`;

describe("deriveTopology: the free port a collision suggests", () => {
  it("suggests the port after the pinned one when it is free", () => {
    // given
    const spec = onePod(17000, [{ name: "k", upstreamPort: 17000 }]);
    // when
    const problems = problemsOf(() => deriveTopology(spec));
    // then
    expect(problems).toEqual([ownPort(1, 17000, "k", 17001)]);
  });

  it("skips a port another upstream of a calling pod listens on", () => {
    // given: y's listener (from the hash of its name) right after the pinned port
    const hashed = upstreamPortOf("y");
    const spec = onePod(hashed - 1, [{ name: "k", upstreamPort: hashed - 1 }, { name: "y" }]);
    // when
    const problems = problemsOf(() => deriveTopology(spec));
    // then
    expect(problems).toEqual([ownPort(1, hashed - 1, "k", hashed + 1)]);
  });

  it("skips a port the Consul sidecar binds", () => {
    // given
    const spec = onePod(18999, [{ name: "k", upstreamPort: 18999 }]);
    // when
    const problems = problemsOf(() => deriveTopology(spec));
    // then: 19000 is Envoy's admin port
    expect(problems).toEqual([ownPort(1, 18999, "k", 19001)]);
  });

  it("skips a port pinned for another service, even one no pod here calls", () => {
    // given
    const spec = onePod(17000, [{ name: "k", upstreamPort: 17000 }]);
    const idle = { name: "idle", environments: ["x"], port: 8080, upstreamPort: 17001 };
    // when
    const problems = problemsOf(() => deriveTopology({ ...spec, services: [...spec.services, idle] }));
    // then
    expect(problems).toEqual([ownPort(1, 17000, "k", 17002)]);
  });

  it("starts from the base for a pinned port just past the spread, and wraps at its last port", () => {
    // given
    const past = DEFAULT_UPSTREAM_PORT_BASE + UPSTREAM_PORT_SPAN;
    const last = past - 1;
    // when
    const problems = [past, last].map((p) =>
      problemsOf(() => deriveTopology(onePod(p, [{ name: "k", upstreamPort: p }]))),
    );
    // then
    expect(problems).toEqual([
      [ownPort(1, past, "k", DEFAULT_UPSTREAM_PORT_BASE)],
      [ownPort(1, last, "k", DEFAULT_UPSTREAM_PORT_BASE)],
    ]);
  });
});

describe("deriveTopology: which of two colliding listeners is blamed", () => {
  it("blames the later-declared service, whatever order the calls come in", () => {
    // given: b pinned to a's hashed port; app calls b before a
    const a = upstreamPortOf("a");
    const spec = onePod(8080, [{ name: "b", upstreamPort: a }, { name: "a" }]);
    const reordered = { ...spec, services: [spec.services[0], spec.services[2], spec.services[1]] };
    // when
    const problems = problemsOf(() => deriveTopology(reordered));
    // then
    expect(problems).toEqual([
      `services[2].upstreamPort: ${a} (pinned, the upstream listener for "b") collides with the listener for "a" in "app"'s pod; pin services[2].upstreamPort to a free port, e.g. ${a + 1}`,
    ]);
  });

  it("blames the later-declared of two external services", () => {
    // given: two external services pinned to one port; app calls the later one first
    const ext = (name: string) => ({
      name,
      address: `${name}.example.com`,
      port: 443,
      environment: "x",
      upstreamPort: 17000,
    });
    const spec: TopologySpec = {
      ...onePod(8080, []),
      externalServices: [ext("e0"), ext("e1")],
      calls: [
        { from: "app", to: "e1" },
        { from: "app", to: "e0" },
      ],
    };
    // when
    const problems = problemsOf(() => deriveTopology(spec));
    // then
    expect(problems).toEqual([
      `externalServices[1].upstreamPort: 17000 (pinned, the upstream listener for "e1") collides with the listener for "e0" in "app"'s pod; pin externalServices[1].upstreamPort to a free port, e.g. 17001`,
    ]);
  });
});

describe("deriveTopology: external services in order", () => {
  it("lists an environment's external services by name, each with its callers sorted", () => {
    // given: declared and called out of order
    const ext = (name: string) => ({ name, address: `${name}.example.com`, port: 443, environment: "x" });
    const spec: TopologySpec = {
      environments: [{ name: "x", reachableFrom: [] }],
      peerings: [],
      services: [
        { name: "zed", environments: ["x"], port: 8080 },
        { name: "amy", environments: ["x"], port: 8080 },
      ],
      externalServices: [ext("zeta"), ext("alpha")],
      calls: [
        { from: "zed", to: "zeta" },
        { from: "amy", to: "zeta" },
        { from: "zed", to: "alpha" },
      ],
    };
    // when
    const externals = envOf(deriveTopology(spec), "x").externalServices;
    // then
    expect(externals.map((e) => [e.name, e.callers])).toEqual([
      ["alpha", ["zed"]],
      ["zeta", ["amy", "zed"]],
    ]);
  });
});

describe("deriveTopology: the upstream port base", () => {
  it("accepts a base from 1024 up to the last one whose spread ends at 65535, and refuses one past either end", () => {
    // given
    const top = 65536 - UPSTREAM_PORT_SPAN;
    const withBase = (upstreamPortBase: number) => ({ ...onePod(8080, [{ name: "k" }]), upstreamPortBase });
    // when
    const problems = [1023, top + 1].map((b) => problemsOf(() => deriveTopology(withBase(b))));
    const accepted = [1024, top].map((b) => deriveTopology(withBase(b)).environments.length);
    // then
    const refused = (b: number) =>
      `upstreamPortBase: ${b} must be 1024 to ${top}: upstream ports are spread over ${UPSTREAM_PORT_SPAN} ports from it, and Envoy runs without root, so it cannot bind below 1024`;
    expect(problems).toEqual([[refused(1023)], [refused(top + 1)]]);
    expect(accepted).toEqual([1, 1]);
  });
});

describe("deriveTopology: local before peered", () => {
  it("lists a local intention source and upstream override before a peered one, whatever the peer is named", () => {
    // given: a peer named "1dc", which sorts before upper-case letters
    const spec: TopologySpec = {
      environments: [
        { name: "x", reachableFrom: ["1dc"] },
        { name: "1dc", reachableFrom: ["x"] },
      ],
      peerings: [{ acceptor: "x", dialer: "1dc" }],
      services: [
        { name: "s", environments: ["x", "1dc"], port: 8080 },
        { name: "c", environments: ["x"], port: 8080 },
        { name: "d", environments: ["1dc"], port: 8080 },
      ],
      calls: [
        { from: "c", to: "s" },
        { from: "d", to: "s" },
      ],
      failover: [
        { service: "s", from: "x", to: "1dc" },
        { service: "s", from: "1dc", to: "x" },
      ],
    };
    // when
    const x = envOf(deriveTopology(spec), "x");
    // then
    expect(x.intentions.find((i) => i.destination === "s")?.sources).toEqual([
      { name: "c" },
      { name: "d", peer: "1dc" },
    ]);
    expect(x.serviceDefaults.find((d) => d.service === "c")?.upstreamOverrides).toEqual([
      { name: "s" },
      { name: "s", peer: "1dc" },
    ]);
  });
});

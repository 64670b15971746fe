import { TerraformStack, Testing } from "cdktf";
import { MeshWorkload } from "../../constructs/mesh-workload";
import { deriveTopology, upstreamPortOf, type TopologySpec } from "../../constructs/topology";
import { demoAppEnv } from "../../stacks/mesh";
import { defaultSpec, envOf } from "./fixtures";
import { at, must, parseJson, resources, type TerraformJson } from "../support";

/** The derivation rules, one test each, on the default two-environment topology. */
describe("deriveTopology: derivation rules", () => {
  let plan: ReturnType<typeof deriveTopology>;
  let cloud: ReturnType<typeof envOf>;
  let onprem: ReturnType<typeof envOf>;
  beforeAll(() => {
    plan = deriveTopology(defaultSpec());
    cloud = envOf(plan, "cloud");
    onprem = envOf(plan, "onprem");
  });
  const upstreamsOf = (env: typeof cloud, svc: string) => must(env.workloads.find((w) => w.service === svc)).upstreams;
  const intentionsTo = (env: typeof cloud, svc: string) => env.intentions.find((i) => i.destination === svc)?.sources;

  it("environments follow the spec order and hold exactly the services running there, sorted by name", () => {
    expect(plan.environments.map((e) => e.name)).toEqual(["cloud", "onprem"]);
    expect(cloud.workloads.map((w) => [w.service, w.port, w.protocol])).toEqual([
      ["c", 8080, "http"],
      ["d", 8080, "http"],
      ["e", 8080, "http"],
    ]);
    expect(onprem.workloads.map((w) => [w.service, w.port, w.protocol])).toEqual([
      ["a", 8080, "http"],
      ["b", 8080, "http"],
      ["e", 8080, "http"],
      ["f", 8080, "http"],
    ]);
    expect(plan.peerings).toEqual([{ acceptor: "cloud", dialer: "onprem" }]);
    expect(plan.warnings).toEqual([]);
    expect(plan.directions).toEqual(["cloud->onprem", "onprem->cloud"]);
  });

  it("a local call gets a plain upstream `<svc>:<port>` and a local intention (no peer) in the same environment", () => {
    // a -> b in onprem; c -> d and d -> e in cloud.
    expect(upstreamsOf(onprem, "a")).toContainEqual({ service: "b", localPort: 20849, annotation: "b:20849" });
    expect(upstreamsOf(cloud, "c")).toEqual([{ service: "d", localPort: 18431, annotation: "d:18431" }]);
    expect(upstreamsOf(cloud, "d")).toEqual([{ service: "e", localPort: 18028, annotation: "e:18028" }]);
    expect(intentionsTo(onprem, "b")).toEqual([{ name: "a" }]);
    expect(intentionsTo(cloud, "d")).toEqual([{ name: "c" }]);
    // d -> e is local in cloud: no export of e from cloud.
    expect(cloud.exports.find((e) => e.service === "e")).toBeUndefined();
  });

  it("a cross-environment call goes through the peer: peered upstream, intention with the caller's peer, export to it", () => {
    // a (onprem) -> c (cloud only).
    expect(upstreamsOf(onprem, "a")).toEqual([
      { service: "c", localPort: 20446, peer: "cloud", annotation: "c.svc.cloud.peer:20446" },
      { service: "b", localPort: 20849, annotation: "b:20849" },
    ]);
    expect(intentionsTo(cloud, "c")).toEqual([{ name: "a", peer: "onprem" }]);
    expect(cloud.exports).toEqual([{ service: "c", consumers: ["onprem"] }]);
    // Nothing about c on the caller's side.
    expect(intentionsTo(onprem, "c")).toBeUndefined();
    expect(onprem.exports.find((e) => e.service === "c")).toBeUndefined();
  });

  it("a caller running in several environments calls locally where the callee runs and through the peer elsewhere", () => {
    // e runs in cloud and onprem; f only in onprem.
    expect(upstreamsOf(onprem, "e")).toEqual([{ service: "f", localPort: 19237, annotation: "f:19237" }]);
    expect(upstreamsOf(cloud, "e")).toEqual([
      { service: "f", localPort: 19237, peer: "onprem", annotation: "f.svc.onprem.peer:19237" },
    ]);
    expect(intentionsTo(onprem, "f")).toEqual([{ name: "e" }, { name: "e", peer: "cloud" }]);
    expect(onprem.exports).toContainEqual({ service: "f", consumers: ["cloud"] });
  });

  it("a remote caller reaches the callee's home (its first environment), not a standby", () => {
    const spec = defaultSpec();
    spec.environments = [
      { name: "cloud", reachableFrom: ["onprem", "edge"] },
      { name: "onprem", reachableFrom: ["cloud", "edge"] },
      { name: "edge", reachableFrom: ["cloud", "onprem"] },
    ];
    spec.peerings = [...spec.peerings, { acceptor: "cloud", dialer: "edge" }, { acceptor: "onprem", dialer: "edge" }];
    spec.services = [...spec.services, { name: "x", environments: ["edge"], port: 8080, entrypoint: true }];
    spec.calls = [...spec.calls, { from: "x", to: "e" }];
    const p = deriveTopology(spec);
    // Ranks: a b c d e f x -> e is 4.
    expect(envOf(p, "edge").workloads).toEqual([
      {
        service: "x",
        port: 8080,
        protocol: "http",
        upstreams: [{ service: "e", localPort: 18028, peer: "cloud", annotation: "e.svc.cloud.peer:18028" }],
      },
    ]);
    expect(must(envOf(p, "cloud").intentions.find((i) => i.destination === "e")).sources).toEqual([
      { name: "d" },
      { name: "x", peer: "edge" },
    ]);
    expect(envOf(p, "cloud").exports).toContainEqual({ service: "e", consumers: ["edge"] });
    // onprem's standby of e is exported only to cloud (for the failover), never to edge.
    expect(envOf(p, "onprem").exports).toContainEqual({ service: "e", consumers: ["cloud"] });
    expect(must(envOf(p, "onprem").intentions.find((i) => i.destination === "e")).sources).toEqual([
      { name: "d", peer: "cloud" },
    ]);
    expect(p.directions).toEqual(["cloud->onprem", "edge->cloud", "onprem->cloud"]);
  });

  it("failover e cloud->onprem: resolver in cloud, export from onprem to cloud, intention and overrides for each local caller", () => {
    expect(cloud.resolvers).toEqual([{ service: "e", failoverPeers: ["onprem"] }]);
    expect(onprem.resolvers).toEqual([]);
    expect(onprem.exports).toContainEqual({ service: "e", consumers: ["cloud"] });
    // d is e's only caller in cloud.
    expect(intentionsTo(onprem, "e")).toEqual([{ name: "d", peer: "cloud" }]);
    expect(cloud.serviceDefaults.find((d) => d.service === "d")).toEqual({
      service: "d",
      protocol: "http",
      upstreamOverrides: [{ name: "e" }, { name: "e", peer: "onprem" }],
    });
    // Nobody else gets overrides.
    expect(
      [...cloud.serviceDefaults, ...onprem.serviceDefaults]
        .filter((d) => d.upstreamOverrides.length)
        .map((d) => d.service),
    ).toEqual(["d"]);
  });

  it("failover covers every local caller of the service in the from-environment, and no remote one", () => {
    const spec = defaultSpec();
    spec.services = [...spec.services, { name: "g", environments: ["cloud"], port: 8080, entrypoint: true }];
    spec.calls = [...spec.calls, { from: "g", to: "e" }, { from: "a", to: "e" }]; // a runs in onprem, where e runs too
    const p = deriveTopology(spec);
    expect(must(envOf(p, "onprem").intentions.find((i) => i.destination === "e")).sources).toEqual([
      { name: "a" },
      { name: "d", peer: "cloud" },
      { name: "g", peer: "cloud" },
    ]);
    expect(envOf(p, "cloud").serviceDefaults.filter((d) => d.upstreamOverrides.length)).toEqual([
      { service: "d", protocol: "http", upstreamOverrides: [{ name: "e" }, { name: "e", peer: "onprem" }] },
      { service: "g", protocol: "http", upstreamOverrides: [{ name: "e" }, { name: "e", peer: "onprem" }] },
    ]);
    expect(p.allowList.filter((r) => r.via === "failover")).toEqual([
      { caller: "d", callerEnv: "cloud", callee: "e", calleeEnv: "onprem", peer: "cloud", via: "failover" },
      { caller: "g", callerEnv: "cloud", callee: "e", calleeEnv: "onprem", peer: "cloud", via: "failover" },
    ]);
  });

  it("failover peers of one resolver keep the declared (priority) order", () => {
    const spec: TopologySpec = {
      environments: ["p", "q", "r"].map((name) => ({ name, reachableFrom: ["p", "q", "r"].filter((n) => n !== name) })),
      peerings: [
        { acceptor: "p", dialer: "q" },
        { acceptor: "p", dialer: "r" },
        { acceptor: "q", dialer: "r" },
      ],
      services: [{ name: "s", environments: ["p", "r", "q"], port: 8080, entrypoint: true }],
      calls: [],
      failover: [
        { service: "s", from: "p", to: "r" },
        { service: "s", from: "p", to: "q" },
      ],
    };
    expect(envOf(deriveTopology(spec), "p").resolvers).toEqual([{ service: "s", failoverPeers: ["r", "q"] }]);
  });

  it("ServiceDefaults carry the protocol of every service in every environment it runs in (default http)", () => {
    const spec = defaultSpec();
    spec.services = spec.services.map((s) =>
      s.name === "e" ? { ...s, protocol: "grpc" as const } : s.name === "b" ? { ...s, protocol: "tcp" as const } : s,
    );
    const p = deriveTopology(spec);
    expect(envOf(p, "cloud").serviceDefaults.map((d) => [d.service, d.protocol])).toEqual([
      ["c", "http"],
      ["d", "http"],
      ["e", "grpc"],
    ]);
    expect(envOf(p, "onprem").serviceDefaults.map((d) => [d.service, d.protocol])).toEqual([
      ["a", "http"],
      ["b", "tcp"],
      ["e", "grpc"],
      ["f", "http"],
    ]);
    expect(must(envOf(p, "onprem").workloads.find((w) => w.service === "e")).protocol).toBe("grpc");
  });

  it("upstream ports: upstreamPortBase (default 9100) + a hash of the callee's name into 16384 ports, or its upstreamPort", () => {
    const spec = defaultSpec();
    spec.upstreamPortBase = 7000;
    spec.services = spec.services.map((s) => (s.name === "c" ? { ...s, upstreamPort: 9999 } : s));
    const p = deriveTopology(spec);
    // FNV-1a("b") mod 16384 = 11749, stable on every platform.
    expect(upstreamPortOf("b", 7000)).toBe(18749);
    expect(upstreamPortOf("b")).toBe(9100 + 11749);
    expect(must(envOf(p, "onprem").workloads.find((w) => w.service === "a")).upstreams).toEqual([
      { service: "c", localPort: 9999, peer: "cloud", annotation: "c.svc.cloud.peer:9999" },
      { service: "b", localPort: 18749, annotation: "b:18749" },
    ]);
    // The same callee has the same port in every caller's pod, local or remote.
    const fPorts = p.environments
      .flatMap((e) => e.workloads.flatMap((w) => w.upstreams))
      .filter((u) => u.service === "f")
      .map((u) => u.localPort);
    expect(fPorts).toEqual([upstreamPortOf("f", 7000), upstreamPortOf("f", 7000)]);
  });

  it("a hashed port steps over the sidecar's ports", () => {
    // With base 20000 - offset, a name whose hash lands on 20000 moves to 20001.
    const offset = upstreamPortOf("b") - 9100; // 11749
    expect(upstreamPortOf("b", 20000 - offset)).toBe(20001);
  });

  it("upstreams are sorted by local port and the app's UPSTREAMS use the same ports as the annotation", () => {
    for (const env of plan.environments) {
      for (const w of env.workloads) {
        expect(w.upstreams.map((u) => u.localPort)).toEqual(
          [...w.upstreams.map((u) => u.localPort)].sort((x, y) => x - y),
        );
        for (const u of w.upstreams) expect(u.annotation.endsWith(`:${u.localPort}`)).toBe(true);
      }
    }
    const a = must(onprem.workloads.find((w) => w.service === "a"));
    const stack = new TerraformStack(Testing.app(), "test");
    new MeshWorkload(stack, "w", {
      service: a.service,
      env: demoAppEnv(a.service, "onprem", a.port, a.upstreams),
      image: "hybrid-mesh/service:0.1.0",
      port: a.port,
      upstreams: a.upstreams.map((u) => ({ name: u.service, localPort: u.localPort, annotation: u.annotation })),
    });
    const dep = resources(parseJson(Testing.synth(stack)) as TerraformJson, "kubernetes_deployment_v1")[0];
    expect(
      at(dep, ["spec", "template", "metadata", "annotations", "consul.hashicorp.com/connect-service-upstreams"]),
    ).toBe("c.svc.cloud.peer:20446,b:20849");
    expect(at(dep, "spec.template.spec.container[0].env")).toContainEqual({
      name: "UPSTREAMS",
      value: "c=http://127.0.0.1:20446,b=http://127.0.0.1:20849",
    });
  });

  it("intentions are exactly the declared calls plus failover paths, and exports exactly the consumers that need them", () => {
    expect(cloud.intentions).toEqual([
      { destination: "c", sources: [{ name: "a", peer: "onprem" }] },
      { destination: "d", sources: [{ name: "c" }] },
      { destination: "e", sources: [{ name: "d" }] },
    ]);
    expect(onprem.intentions).toEqual([
      { destination: "b", sources: [{ name: "a" }] },
      { destination: "e", sources: [{ name: "d", peer: "cloud" }] },
      { destination: "f", sources: [{ name: "e" }, { name: "e", peer: "cloud" }] },
    ]);
    expect(cloud.exports).toEqual([{ service: "c", consumers: ["onprem"] }]);
    expect(onprem.exports).toEqual([
      { service: "e", consumers: ["cloud"] },
      { service: "f", consumers: ["cloud"] },
    ]);
  });

  it("the allow-list has one row per call per caller environment and one per failover path", () => {
    expect(plan.allowList).toEqual([
      { caller: "c", callerEnv: "cloud", callee: "d", calleeEnv: "cloud", peer: undefined, via: "call" },
      { caller: "d", callerEnv: "cloud", callee: "e", calleeEnv: "cloud", peer: undefined, via: "call" },
      { caller: "d", callerEnv: "cloud", callee: "e", calleeEnv: "onprem", peer: "cloud", via: "failover" },
      { caller: "e", callerEnv: "cloud", callee: "f", calleeEnv: "onprem", peer: "cloud", via: "call" },
      { caller: "a", callerEnv: "onprem", callee: "c", calleeEnv: "cloud", peer: "onprem", via: "call" },
      { caller: "a", callerEnv: "onprem", callee: "b", calleeEnv: "onprem", peer: undefined, via: "call" },
      { caller: "e", callerEnv: "onprem", callee: "f", calleeEnv: "onprem", peer: undefined, via: "call" },
    ]);
    // Local rows have no peer.
    expect(plan.allowList.filter((r) => r.peer === undefined)).toHaveLength(4);
  });
});

import * as fc from "fast-check";
import { deriveTopology, SIDECAR_PORTS, upstreamPortOf, type TopologySpec } from "../../constructs/topology";
import { meshOf, validSpec } from "./generators";
import { must } from "../support";

const sortedSet = (xs: Iterable<string>) => [...new Set(xs)].sort();

/**
 * Checks every invariant of the plan against the spec it came from; returns the violations (one
 * `expect` per run keeps 200 runs fast and names every broken rule at once).
 */
function violations(spec: TopologySpec): string[] {
  const out: string[] = [];
  const check = (ok: boolean, what: string) => {
    if (!ok) out.push(what);
  };
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const plan = deriveTopology(spec);
  const svc = new Map(spec.services.map((s) => [s.name, s]));
  const home = (name: string) => must(svc.get(name)).environments[0];
  const runsIn = (name: string, env: string) => must(svc.get(name)).environments.includes(env);
  const calls = new Set(spec.calls.map((c) => `${c.from}>${c.to}`));
  const failovers = spec.failover ?? [];
  const env = (name: string) => must(plan.environments.find((e) => e.name === name));
  const hasSource = (envName: string, dest: string, name: string, peer?: string) =>
    env(envName)
      .intentions.find((i) => i.destination === dest)
      ?.sources.some((s) => s.name === name && s.peer === peer) ?? false;
  const exportsTo = (envName: string, service: string) =>
    env(envName).exports.find((e) => e.service === service)?.consumers ?? [];

  check(
    same(
      plan.environments.map((e) => e.name),
      spec.environments.map((e) => e.name),
    ),
    "environments in spec order",
  );

  for (const e of plan.environments) {
    // Workloads and service defaults: exactly the services running here.
    const here = sortedSet(spec.services.filter((s) => s.environments.includes(e.name)).map((s) => s.name));
    check(
      same(
        e.workloads.map((w) => w.service),
        here,
      ),
      `${e.name}: workloads are the services running there`,
    );
    check(
      same(
        e.serviceDefaults.map((d) => [d.service, d.protocol]),
        here.map((n) => [n, must(svc.get(n)).protocol ?? "http"]),
      ),
      `${e.name}: service defaults`,
    );

    for (const w of e.workloads) {
      const pod = `${e.name}/${w.service}`;
      check(
        same(
          w.upstreams.map((u) => u.service).sort(),
          spec.calls
            .filter((c) => c.from === w.service)
            .map((c) => c.to)
            .sort(),
        ),
        `${pod}: one upstream per callee`,
      );
      const ports = w.upstreams.map((u) => u.localPort);
      check(new Set(ports).size === ports.length, `${pod}: upstream ports ${ports.join(",")} collide`);
      for (const p of ports)
        check(p !== w.port && !SIDECAR_PORTS.has(p), `${pod}: upstream port ${p} is the app's or the sidecar's`);
      for (const u of w.upstreams) {
        const at = `${pod} -> ${u.service}`;
        if (u.peer === undefined) {
          check(runsIn(u.service, e.name), `${at}: local upstream to a service not running here`);
          check(u.annotation === `${u.service}:${u.localPort}`, `${at}: annotation ${u.annotation}`);
          check(hasSource(e.name, u.service, w.service), `${at}: no local intention`);
        } else {
          // A remote upstream: the callee's home exports it to us and allows us in.
          check(!runsIn(u.service, e.name), `${at}: remote upstream to a service running here`);
          check(u.peer === home(u.service), `${at}: peer ${u.peer} is not the callee's home`);
          check(u.annotation === `${u.service}.svc.${u.peer}.peer:${u.localPort}`, `${at}: annotation ${u.annotation}`);
          check(exportsTo(u.peer, u.service).includes(e.name), `${at}: not exported from ${u.peer} to ${e.name}`);
          check(
            hasSource(u.peer, u.service, w.service, e.name),
            `${at}: no intention in ${u.peer} from peer ${e.name}`,
          );
        }
      }
    }

    // Every intention source is a declared call or a failover path.
    for (const i of e.intentions) {
      for (const s of i.sources) {
        const at = `${e.name}: intention ${s.name}${s.peer ? `@${s.peer}` : ""} -> ${i.destination}`;
        check(calls.has(`${s.name}>${i.destination}`) && runsIn(s.name, s.peer ?? e.name), `${at}: no such call`);
        if (s.peer === undefined) check(runsIn(i.destination, e.name), `${at}: destination does not run here`);
        else {
          const viaCall = !runsIn(i.destination, s.peer) && home(i.destination) === e.name;
          const viaFailover = failovers.some(
            (f) => f.service === i.destination && f.from === s.peer && f.to === e.name,
          );
          check(viaCall || viaFailover, `${at}: neither a remote call nor a failover path`);
        }
      }
    }

    // Exports go to exactly the environments that call in or fail over in.
    for (const s of spec.services) {
      const expected = sortedSet([
        ...spec.calls
          .filter((c) => c.to === s.name && home(s.name) === e.name)
          .flatMap((c) => must(svc.get(c.from)).environments.filter((x) => !runsIn(s.name, x))),
        ...failovers.filter((f) => f.service === s.name && f.to === e.name).map((f) => f.from),
      ]);
      check(
        same(exportsTo(e.name, s.name), expected),
        `${e.name}: exports of ${s.name} are ${exportsTo(e.name, s.name).join(",")}, expected ${expected.join(",")}`,
      );
    }
    for (const x of e.exports) check(x.consumers.length > 0, `${e.name}: export of ${x.service} to nobody`);
  }

  for (const f of failovers) {
    check(exportsTo(f.to, f.service).includes(f.from), `failover ${f.service} ${f.from}->${f.to}: not exported`);
    check(
      env(f.from)
        .resolvers.find((r) => r.service === f.service)
        ?.failoverPeers.includes(f.to) ?? false,
      `failover ${f.service} ${f.from}->${f.to}: no resolver`,
    );
  }

  // The allow-list: one row per call per caller environment, one per failover path, each allowed by an intention.
  const failoverRows = failovers.reduce(
    (n, f) => n + spec.calls.filter((c) => c.to === f.service && runsIn(c.from, f.from)).length,
    0,
  );
  const callRows = spec.calls.reduce((n, c) => n + must(svc.get(c.from)).environments.length, 0);
  check(plan.allowList.filter((r) => r.via === "call").length === callRows, "allow-list call rows");
  check(plan.allowList.filter((r) => r.via === "failover").length === failoverRows, "allow-list failover rows");
  for (const r of plan.allowList)
    check(hasSource(r.calleeEnv, r.callee, r.caller, r.peer), `allow-list row ${JSON.stringify(r)} has no intention`);
  return out;
}

describe("property: random valid topologies", () => {
  it("derive without errors and keep every export, intention, port and allow-list invariant", () => {
    fc.assert(
      fc.property(validSpec, (spec) => {
        expect(violations(spec)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

describe("scaling", () => {
  it("a 2000-service topology derives completely (no quadratic blow-up guard beyond the jest timeout)", () => {
    const n = 2000;
    const name = (i: number) => `svc-${String(i).padStart(4, "0")}`;
    const envOf = (i: number) => (i % 5 === 0 ? ["cloud", "onprem"] : i % 2 ? ["onprem"] : ["cloud"]);
    const spec: TopologySpec = {
      ...meshOf(["cloud", "onprem"]),
      services: Array.from({ length: n }, (_, i) => ({
        name: name(i),
        environments: envOf(i),
        port: 8080,
        entrypoint: i === 0,
      })),
      // Each service calls the next one and the one 7 further on: 2n calls.
      calls: Array.from({ length: n }, (_, i) => [
        { from: name(i), to: name((i + 1) % n) },
        { from: name(i), to: name((i + 7) % n) },
      ]).flat(),
      // Every service running in both fails over cloud -> onprem.
      failover: Array.from({ length: n / 5 }, (_, k) => ({ service: name(5 * k), from: "cloud", to: "onprem" })),
    };
    const plan = deriveTopology(spec);
    const [cloud, onprem] = plan.environments;
    // Multiples of 5 run in both (400); other evens in cloud (800); other odds on-prem (800).
    const both = n / 5;
    expect(cloud.workloads).toHaveLength(1200);
    expect(onprem.workloads).toHaveLength(1200);
    expect(plan.environments.flatMap((e) => e.serviceDefaults)).toHaveLength(n + both);
    // Every service is in one strongly connected set: one warning, with its shortest cycle through svc-0000, cut short.
    expect(plan.warnings.filter((w) => w.includes("call cycle"))).toEqual([
      'calls[3987]: "svc-0000 -> svc-0001 -> svc-0002 -> ... -> svc-1986 -> svc-1993 -> svc-0000" is a call cycle (290 services): a request that follows it never returns',
    ]);
    // Services failed over from cloud that no service in cloud calls: those failovers serve nobody.
    const unused = must(spec.failover).filter(
      (f) => !spec.calls.some((c) => c.to === f.service && envOf(Number(c.from.slice(4))).includes("cloud")),
    );
    expect(plan.warnings.filter((w) => w.includes("nothing uses this failover"))).toHaveLength(unused.length);
    expect(plan.warnings).toHaveLength(unused.length + 1);
    const callRows = spec.calls.reduce((sum, c) => sum + envOf(Number(c.from.slice(4))).length, 0);
    // Failover paths: one per caller of a failed-over service that runs in cloud.
    const failoverRows = must(spec.failover).reduce(
      (sum, f) =>
        sum + spec.calls.filter((c) => c.to === f.service && envOf(Number(c.from.slice(4))).includes("cloud")).length,
      0,
    );
    expect(plan.allowList).toHaveLength(callRows + failoverRows);
    expect(cloud.resolvers).toHaveLength(both);
    // Every upstream listens on its callee's hashed port, inside the range.
    const ups = plan.environments.flatMap((e) => e.workloads.flatMap((w) => w.upstreams));
    expect(
      ups.every((u) => u.localPort === upstreamPortOf(u.service) && u.localPort >= 9100 && u.localPort < 9100 + 16384),
    ).toBe(true);
  });
});

import * as fc from "fast-check";
import {
  upstreamPortOf,
  type TopologyCall,
  type TopologyFailover,
  type TopologyService,
  type TopologySpec,
} from "../../constructs/topology";
import { must } from "../support";

const ENV_NAMES = ["cloud", "onprem", "edge"];
const label = fc.stringMatching(/^[a-z]([-a-z0-9]{0,8}[a-z0-9])?$/);

/** Environments all mutually reachable, every pair peered (the earlier one accepts). */
export function meshOf(envs: readonly string[]): Pick<TopologySpec, "environments" | "peerings"> {
  return {
    environments: envs.map((name) => ({ name, reachableFrom: envs.filter((n) => n !== name) })),
    peerings: envs.flatMap((acceptor, i) => envs.slice(i + 1).map((dialer) => ({ acceptor, dialer }))),
  };
}

/**
 * A random valid topology: 2-3 environments, 1-30 services each running in a random non-empty
 * set of them (in random order, so the home varies), calls without self or duplicate calls, and
 * failovers between environments where the service runs, none repeated.
 */
export const validSpec: fc.Arbitrary<TopologySpec> = fc
  .record({
    envCount: fc.integer({ min: 2, max: 3 }),
    names: fc.uniqueArray(label, { minLength: 1, maxLength: 30, size: "medium" }),
  })
  .chain(({ envCount, names }) => {
    const envs = ENV_NAMES.slice(0, envCount);
    const n = names.length;
    const service = fc.record({
      environments: fc.shuffledSubarray(envs, { minLength: 1 }),
      port: fc.integer({ min: 1024, max: 8999 }),
      protocol: fc.option(fc.constantFrom("http", "http2", "grpc", "tcp"), { nil: undefined }),
      entrypoint: fc.boolean(),
    });
    return fc.record({
      envs: fc.constant(envs),
      names: fc.constant(names),
      services: fc.array(service, { minLength: n, maxLength: n }),
      calls: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n, size: "medium" }),
      failovers: fc.array(fc.tuple(fc.nat(n - 1), fc.nat(envCount - 1), fc.nat(envCount - 1)), { maxLength: n }),
      base: fc.option(fc.integer({ min: 9100, max: 12000 }), { nil: undefined }),
    });
  })
  .map(({ envs, names, services: raw, calls: rawCalls, failovers: rawFailovers, base }) => {
    const services: TopologyService[] = names.map((name, i) => ({ name, ...raw[i] }));
    const seen = new Set<string>();
    const calls: TopologyCall[] = [];
    for (const [f, t] of rawCalls) {
      const key = `${f}>${t}`;
      if (f === t || seen.has(key)) continue;
      seen.add(key);
      calls.push({ from: names[f], to: names[t] });
    }
    const failover: TopologyFailover[] = [];
    for (const [s, a, b] of rawFailovers) {
      const runs = services[s].environments;
      const from = runs[a % runs.length],
        to = runs[b % runs.length];
      const key = `${s}/${from}/${to}`;
      if (from === to || seen.has(key)) continue;
      seen.add(key);
      failover.push({ service: names[s], from, to });
    }
    return { ...meshOf(envs), services, calls, failover, upstreamPortBase: base };
  })
  // Hashed ports that meet in one pod are a reported error (tested on their own), not a valid topology.
  .filter((spec) => !hashedPortsCollide(spec));

/** True if two callees of one caller, or a callee and the caller itself, hash to the same local port. */
export function hashedPortsCollide(spec: TopologySpec): boolean {
  const port = new Map(
    spec.services.map((s) => [s.name, s.upstreamPort ?? upstreamPortOf(s.name, spec.upstreamPortBase)]),
  );
  const own = new Map(spec.services.map((s) => [s.name, s.port]));
  const seen = new Map<string, Set<number>>();
  for (const c of spec.calls) {
    const used = seen.get(c.from) ?? new Set([must(own.get(c.from))]);
    const p = must(port.get(c.to));
    if (used.has(p)) return true;
    used.add(p);
    seen.set(c.from, used);
  }
  return false;
}

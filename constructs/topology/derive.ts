import { MeshValidationError, show } from "../errors";
import type {
  AllowedPath, EnvironmentPlan, IntentionSourcePlan, TopologyPlan, TopologyService, TopologySpec, UpstreamPlan,
} from "./types";
import { SIDECAR_PORTS, verifyDeclarations } from "./verify";

/** Per-environment accumulators; rendered sorted so the output is deterministic. */
class EnvAcc {
  readonly upstreams = new Map<string, Map<string, UpstreamPlan>>(); // caller -> callee -> upstream
  readonly exports = new Map<string, Set<string>>(); // service -> consumer peers
  readonly intentions = new Map<string, Map<string, IntentionSourcePlan>>(); // destination -> key -> source
  readonly resolvers = new Map<string, Set<string>>(); // service -> failover peers, in declared (priority) order
  readonly overrides = new Map<string, Map<string, { name: string; peer?: string }>>(); // caller -> overrides
  constructor(readonly name: string) {}

  allow(destination: string, source: IntentionSourcePlan): void {
    getOr(this.intentions, destination, () => new Map()).set(`${source.name}/${source.peer ?? ""}`, source);
  }
  export(service: string, peer: string): void {
    getOr(this.exports, service, () => new Set()).add(peer);
  }
}

function getOr<K, V>(m: Map<K, V>, k: K, make: () => V): V {
  let v = m.get(k);
  if (v === undefined) m.set(k, (v = make()));
  return v;
}

const byKey = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

/**
 * Derives every export, intention, upstream, resolver and service default from the declared
 * topology, and verifies it. Throws MeshValidationError listing every problem with its config path.
 * Linear in services + calls + failovers.
 */
export function deriveTopology(spec: TopologySpec): TopologyPlan {
  const { problems, warnings } = verifyDeclarations(spec);
  if (problems.length) throw new MeshValidationError(problems);

  const base = spec.upstreamPortBase ?? 9100;
  const services = new Map(spec.services.map((s, i) => [s.name, { s, i }]));
  const rank = new Map([...services.keys()].sort().map((n, i) => [n, i]));
  const portOf = (s: TopologyService) => s.upstreamPort ?? base + (rank.get(s.name) as number);
  const envs = new Map(spec.environments.map((e) => [e.name, e]));
  const acc = new Map(spec.environments.map((e) => [e.name, new EnvAcc(e.name)]));
  const peered = new Set(spec.peerings.flatMap((p) => [`${p.acceptor}>${p.dialer}`, `${p.dialer}>${p.acceptor}`]));
  const directions = new Set<string>();
  const allowList: AllowedPath[] = [];

  /** Checks that traffic from `from` can reach `to`'s gateway through a peering. */
  const checkPath = (at: string, from: string, to: string) => {
    if (!peered.has(`${from}>${to}`)) {
      problems.push(`${at}: crosses from ${from} to ${to}, but no peering connects them; add one under peerings`);
    } else if (!envs.get(to)!.reachableFrom.includes(from)) {
      const hint = envs.get(to)!.unreachableHint ?? `declare connectivity that lets ${from} reach it`;
      problems.push(`${at}: crosses from ${from} to ${to}, but the ${to} mesh gateway is not reachable from ${from} (${hint})`);
    }
    directions.add(`${from}->${to}`);
  };

  spec.calls.forEach((call, ci) => {
    const caller = services.get(call.from)!.s;
    const callee = services.get(call.to)!.s;
    for (const env of caller.environments) {
      const local = callee.environments.includes(env);
      const target = local ? env : callee.environments[0];
      const port = portOf(callee);
      const up: UpstreamPlan = local
        ? { service: callee.name, localPort: port, annotation: `${callee.name}:${port}` }
        : { service: callee.name, localPort: port, peer: target, annotation: `${callee.name}.svc.${target}.peer:${port}` };
      getOr(acc.get(env)!.upstreams, caller.name, () => new Map()).set(callee.name, up);
      const t = acc.get(target)!;
      if (local) {
        t.allow(callee.name, { name: caller.name });
      } else {
        checkPath(`calls[${ci}]: ${show(`${call.from} -> ${call.to}`)} from ${env}`, env, target);
        t.allow(callee.name, { name: caller.name, peer: env });
        t.export(callee.name, env);
      }
      allowList.push({ caller: caller.name, callerEnv: env, callee: callee.name, calleeEnv: target, peer: local ? undefined : env, via: "call" });
    }
  });

  // Failover: local callers of `service` in `from` may land on its instances in `to`.
  const localCallers = new Map<string, string[]>(); // "env/service" -> callers running there
  for (const call of spec.calls) {
    const caller = services.get(call.from)!.s;
    const callee = services.get(call.to)!.s;
    for (const env of caller.environments) {
      if (callee.environments.includes(env)) getOr(localCallers, `${env}/${callee.name}`, () => []).push(caller.name);
    }
  }
  (spec.failover ?? []).forEach((f, fi) => {
    checkPath(`failover[${fi}]: ${f.service} from ${f.from} to ${f.to}`, f.from, f.to);
    getOr(acc.get(f.from)!.resolvers, f.service, () => new Set()).add(f.to);
    const target = acc.get(f.to)!;
    target.export(f.service, f.from);
    for (const caller of localCallers.get(`${f.from}/${f.service}`) ?? []) {
      target.allow(f.service, { name: caller, peer: f.from });
      const o = getOr(acc.get(f.from)!.overrides, caller, () => new Map());
      o.set(`${f.service}/`, { name: f.service });
      o.set(`${f.service}/${f.to}`, { name: f.service, peer: f.to });
      allowList.push({ caller, callerEnv: f.from, callee: f.service, calleeEnv: f.to, peer: f.from, via: "failover" });
    }
  });

  spec.peerings.forEach((p, i) => {
    if (!envs.get(p.acceptor)?.reachableFrom.includes(p.dialer)) {
      const hint = envs.get(p.acceptor)?.unreachableHint ?? "declare connectivity that lets the dialer reach it";
      problems.push(`peerings[${i}]: the dialer ${p.dialer} cannot reach the acceptor ${p.acceptor}'s mesh gateway (${hint})`);
    }
  });

  checkPorts(spec, acc, problems);
  if (problems.length) throw new MeshValidationError(problems);

  return {
    environments: spec.environments.map((e) => render(acc.get(e.name)!, spec)),
    allowList: allowList.sort(byKey((a) => `${a.callerEnv}/${a.caller}>${a.calleeEnv}/${a.callee}/${a.via}`)),
    peerings: spec.peerings,
    warnings,
    directions: [...directions].sort(),
  };
}

/** Within a pod, upstream listeners must not collide with each other, the app or the sidecar. */
function checkPorts(spec: TopologySpec, acc: Map<string, EnvAcc>, problems: string[]): void {
  const explicit = new Map<number, number>();
  spec.services.forEach((s, i) => {
    if (s.upstreamPort === undefined) return;
    const first = explicit.get(s.upstreamPort);
    if (first !== undefined) problems.push(`services[${i}].upstreamPort: ${s.upstreamPort} is also the upstream port of services[${first}]`);
    else explicit.set(s.upstreamPort, i);
  });
  const index = new Map(spec.services.map((s, i) => [s.name, i]));
  const reported = new Set<string>();
  const tooHigh = new Set<string>();
  for (const env of acc.values()) {
    for (const [caller, ups] of env.upstreams) {
      const ci = index.get(caller)!;
      const own = spec.services[ci].port;
      const used = new Map<number, string>();
      for (const up of ups.values()) {
        const ui = index.get(up.service)!;
        const at = spec.services[ui].upstreamPort !== undefined ? `services[${ui}].upstreamPort` : "upstreamPortBase";
        const clash = up.localPort === own ? `the port of ${show(caller)} itself`
          : SIDECAR_PORTS.has(up.localPort) ? "a port the Consul sidecar binds"
            : used.has(up.localPort) ? `the upstream listener for ${show(used.get(up.localPort))}` : undefined;
        if (up.localPort > 65535 && !tooHigh.has(up.service)) {
          tooHigh.add(up.service);
          problems.push(`${at}: ${up.localPort} (upstream ${show(up.service)}, services[${ui}]) is above 65535; lower upstreamPortBase or set services[${ui}].upstreamPort`);
        }
        const key = `${caller}/${up.service}`;
        if (clash && !reported.has(key)) {
          reported.add(key);
          problems.push(`${at}: ${up.localPort} (upstream ${show(up.service)} in ${show(caller)}'s pod, services[${ci}]) collides with ${clash}`);
        }
        used.set(up.localPort, up.service);
      }
    }
  }
}

function render(a: EnvAcc, spec: TopologySpec): EnvironmentPlan {
  const here = spec.services.filter((s) => s.environments.includes(a.name)).sort(byKey((s) => s.name));
  const sortedSources = (m: Map<string, IntentionSourcePlan>) => [...m.values()].sort(byKey((s) => `${s.peer ?? ""}/${s.name}`));
  return {
    name: a.name,
    workloads: here.map((s) => ({
      service: s.name,
      port: s.port,
      protocol: s.protocol ?? "http",
      upstreams: [...(a.upstreams.get(s.name)?.values() ?? [])].sort((x, y) => x.localPort - y.localPort),
    })),
    exports: [...a.exports].map(([service, peers]) => ({ service, consumers: [...peers].sort() })).sort(byKey((e) => e.service)),
    intentions: [...a.intentions].map(([destination, m]) => ({ destination, sources: sortedSources(m) })).sort(byKey((i) => i.destination)),
    // Consul tries failover targets in order, so the peers keep the order the failovers are declared in.
    resolvers: [...a.resolvers].map(([service, peers]) => ({ service, failoverPeers: [...peers] })).sort(byKey((r) => r.service)),
    serviceDefaults: here.map((s) => ({
      service: s.name,
      protocol: s.protocol ?? "http",
      upstreamOverrides: [...(a.overrides.get(s.name)?.values() ?? [])].sort(byKey((o) => `${o.name}/${o.peer ?? ""}`)),
    })),
  };
}

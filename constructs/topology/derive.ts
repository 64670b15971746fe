import { MeshValidationError, show } from "../errors";
import type {
  AllowedPath,
  EnvironmentPlan,
  IntentionSourcePlan,
  TopologyExternalService,
  TopologyPlan,
  TopologyService,
  TopologySpec,
  UpstreamPlan,
} from "./types";
import { SIDECAR_PORTS, verifyDeclarations } from "./verify";
import { DEFAULT_UPSTREAM_PORT_BASE, UPSTREAM_PORT_SPAN, upstreamPortOf } from "./ports";
import { mustGet } from "../private/maps";

/** Per-environment accumulators; rendered sorted so the output is deterministic. */
class EnvAcc {
  readonly upstreams = new Map<string, Map<string, UpstreamPlan>>(); // caller -> callee -> upstream
  readonly exports = new Map<string, Set<string>>(); // service -> consumer peers
  readonly intentions = new Map<string, Map<string, IntentionSourcePlan>>(); // destination -> key -> source
  readonly resolvers = new Map<string, Set<string>>(); // service -> failover peers, in declared (priority) order
  readonly overrides = new Map<string, Map<string, { name: string; peer?: string }>>(); // caller -> overrides
  readonly externals = new Map<string, { e: TopologyExternalService; callers: Set<string> }>(); // external name -> callers here
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

const byKey =
  <T>(key: (t: T) => string) =>
  (a: T, b: T) =>
    key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0;

/**
 * Derives every export, intention, upstream, resolver and service default from the declared
 * topology, and verifies it. Throws MeshValidationError listing every problem with its config path.
 * Linear in services + calls + failovers.
 */
export function deriveTopology(spec: TopologySpec): TopologyPlan {
  const { problems, warnings } = verifyDeclarations(spec);
  if (problems.length) throw new MeshValidationError(problems);

  const base = spec.upstreamPortBase ?? DEFAULT_UPSTREAM_PORT_BASE;
  const services = new Map(spec.services.map((s, i) => [s.name, { s, i }]));
  const portOf = (s: TopologyService | TopologyExternalService) => s.upstreamPort ?? upstreamPortOf(s.name, base);
  const externals = new Map((spec.externalServices ?? []).map((e) => [e.name, e]));
  const envs = new Map(spec.environments.map((e) => [e.name, e]));
  const acc = new Map(spec.environments.map((e) => [e.name, new EnvAcc(e.name)]));
  const peered = new Set(spec.peerings.flatMap((p) => [`${p.acceptor}>${p.dialer}`, `${p.dialer}>${p.acceptor}`]));
  const directions = new Set<string>();
  const allowList: AllowedPath[] = [];

  /** Checks that traffic from `from` can reach `to`'s gateway through a peering. */
  const checkPath = (at: string, from: string, to: string) => {
    if (!peered.has(`${from}>${to}`)) {
      problems.push(`${at}: crosses from ${from} to ${to}, but no peering connects them; add one under peerings`);
    } else if (!mustGet(envs, to).reachableFrom.includes(from)) {
      const hint = mustGet(envs, to).unreachableHint ?? `declare connectivity that lets ${from} reach it`;
      problems.push(
        `${at}: crosses from ${from} to ${to}, but the ${to} mesh gateway is not reachable from ${from} (${hint})`,
      );
    }
    directions.add(`${from}->${to}`);
  };

  /**
   * A call to an external service: the caller's sidecar sends it to the terminating gateway of
   * the external service's environment, which an intention lets it through. Only local callers:
   * Consul routes peered traffic to a service behind a terminating gateway only for tcp services
   * registered in the catalog, from 1.18 (hashicorp/consul#19881, "Make tcp external service
   * registered on terminating gw reachable from peered cluster"), and never to a Kubernetes
   * service-defaults destination, so a cross-environment call is refused rather than derived.
   */
  const callExternal = (ci: number, caller: TopologyService, e: TopologyExternalService) => {
    const port = portOf(e);
    for (const env of caller.environments) {
      if (env !== e.environment) {
        problems.push(
          `calls[${ci}]: ${show(`${caller.name} -> ${e.name}`)} from ${env}: ${show(e.name)} is an external service of ${e.environment}, reached only through ${e.environment}'s terminating gateway; a caller must run in ${e.environment} (calls across a peering to a terminating gateway are not supported)`,
        );
        continue;
      }
      const up: UpstreamPlan = {
        service: e.name,
        localPort: port,
        annotation: `${e.name}:${port}`,
        external: { address: e.address, port: e.port },
      };
      const here = mustGet(acc, env);
      getOr(here.upstreams, caller.name, () => new Map()).set(e.name, up);
      here.allow(e.name, { name: caller.name });
      mustGet(here.externals, e.name).callers.add(caller.name);
      allowList.push({
        caller: caller.name,
        callerEnv: env,
        callee: e.name,
        calleeEnv: env,
        via: "call",
        external: true,
      });
    }
  };

  for (const e of externals.values()) mustGet(acc, e.environment).externals.set(e.name, { e, callers: new Set() });

  spec.calls.forEach((call, ci) => {
    const caller = mustGet(services, call.from).s;
    const external = externals.get(call.to);
    if (external) {
      callExternal(ci, caller, external);
      return;
    }
    const callee = mustGet(services, call.to).s;
    for (const env of caller.environments) {
      const local = callee.environments.includes(env);
      const target = local ? env : callee.environments[0];
      const port = portOf(callee);
      const up: UpstreamPlan = local
        ? { service: callee.name, localPort: port, annotation: `${callee.name}:${port}` }
        : {
            service: callee.name,
            localPort: port,
            peer: target,
            annotation: `${callee.name}.svc.${target}.peer:${port}`,
          };
      getOr(mustGet(acc, env).upstreams, caller.name, () => new Map()).set(callee.name, up);
      const t = mustGet(acc, target);
      if (local) {
        t.allow(callee.name, { name: caller.name });
      } else {
        checkPath(`calls[${ci}]: ${show(`${call.from} -> ${call.to}`)} from ${env}`, env, target);
        t.allow(callee.name, { name: caller.name, peer: env });
        t.export(callee.name, env);
      }
      allowList.push({
        caller: caller.name,
        callerEnv: env,
        callee: callee.name,
        calleeEnv: target,
        peer: local ? undefined : env,
        via: "call",
      });
    }
  });

  // Failover: local callers of `service` in `from` may land on its instances in `to`.
  const localCallers = new Map<string, string[]>(); // "env/service" -> callers running there
  for (const call of spec.calls) {
    const caller = mustGet(services, call.from).s;
    const callee = services.get(call.to)?.s;
    if (!callee) continue; // an external service: it has no failover
    for (const env of caller.environments) {
      if (callee.environments.includes(env)) getOr(localCallers, `${env}/${callee.name}`, () => []).push(caller.name);
    }
  }
  (spec.failover ?? []).forEach((f, fi) => {
    if (!localCallers.get(`${f.from}/${f.service}`)?.length) {
      // A resolver serves only its own datacenter's callers; callers elsewhere reach the home through the peering.
      warnings.push(
        `failover[${fi}]: no caller of ${show(f.service)} runs in ${f.from}, so nothing uses this failover (a resolver serves only callers in its own environment)`,
      );
    }
    checkPath(`failover[${fi}]: ${f.service} from ${f.from} to ${f.to}`, f.from, f.to);
    getOr(mustGet(acc, f.from).resolvers, f.service, () => new Set()).add(f.to);
    const target = mustGet(acc, f.to);
    target.export(f.service, f.from);
    for (const caller of localCallers.get(`${f.from}/${f.service}`) ?? []) {
      target.allow(f.service, { name: caller, peer: f.from });
      const o = getOr(mustGet(acc, f.from).overrides, caller, () => new Map());
      o.set(`${f.service}/`, { name: f.service });
      o.set(`${f.service}/${f.to}`, { name: f.service, peer: f.to });
      allowList.push({ caller, callerEnv: f.from, callee: f.service, calleeEnv: f.to, peer: f.from, via: "failover" });
    }
  });

  spec.peerings.forEach((p, i) => {
    const acceptor = mustGet(envs, p.acceptor); // verifyDeclarations checked that it exists
    if (!acceptor.reachableFrom.includes(p.dialer)) {
      const hint = acceptor.unreachableHint ?? "declare connectivity that lets the dialer reach it";
      problems.push(
        `peerings[${i}]: the dialer ${p.dialer} cannot reach the acceptor ${p.acceptor}'s mesh gateway (${hint})`,
      );
    }
  });

  checkPorts(spec, acc, problems);
  if (problems.length) throw new MeshValidationError(problems);

  return {
    environments: spec.environments.map((e) => render(mustGet(acc, e.name), spec)),
    allowList: allowList.sort(byKey((a) => `${a.callerEnv}/${a.caller}>${a.calleeEnv}/${a.callee}/${a.via}`)),
    peerings: spec.peerings,
    warnings,
    directions: [...directions].sort(),
  };
}

/**
 * Within a pod, upstream listeners must not collide with each other, the app or the sidecar. Ports
 * come from a hash of the callee's name (see ports.ts), so a collision is never resolved by moving
 * a port that is already deployed: it is reported, naming the later-declared service to pin and a
 * port that is free in every pod that calls it.
 */
function checkPorts(spec: TopologySpec, acc: Map<string, EnvAcc>, problems: string[]): void {
  const base = spec.upstreamPortBase ?? DEFAULT_UPSTREAM_PORT_BASE;
  if (base < 1024 || base > 65536 - UPSTREAM_PORT_SPAN) {
    problems.push(
      `upstreamPortBase: ${base} must be 1024 to ${65536 - UPSTREAM_PORT_SPAN}: upstream ports are spread over ${UPSTREAM_PORT_SPAN} ports from it, and Envoy runs without root, so it cannot bind below 1024`,
    );
    return;
  }
  const explicit = new Map<number, number>();
  spec.services.forEach((s, i) => {
    if (s.upstreamPort === undefined) return;
    const first = explicit.get(s.upstreamPort);
    if (first !== undefined)
      problems.push(`services[${i}].upstreamPort: ${s.upstreamPort} is also the upstream port of services[${first}]`);
    else explicit.set(s.upstreamPort, i);
  });
  const index = new Map(spec.services.map((s, i) => [s.name, i]));
  const externalList = spec.externalServices ?? [];
  const externalIndex = new Map(externalList.map((e, i) => [e.name, i]));
  /** The config entry a callee's upstream port comes from: a service or an external service. */
  const portSource = (service: string) => {
    const ui = index.get(service);
    if (ui !== undefined)
      return { at: `services[${ui}].upstreamPort`, pinned: spec.services[ui].upstreamPort, order: ui };
    const ei = mustGet(externalIndex, service);
    return {
      at: `externalServices[${ei}].upstreamPort`,
      pinned: externalList[ei].upstreamPort,
      order: spec.services.length + ei,
    };
  };
  // Ports taken in each pod that calls a service: where a pinned replacement must not land.
  const takenNear = new Map<string, Set<number>>();
  const pods: { caller: string; ups: UpstreamPlan[] }[] = [];
  for (const env of acc.values()) {
    for (const [caller, ups] of env.upstreams) {
      const list = [...ups.values()];
      pods.push({ caller, ups: list });
      const taken = [spec.services[mustGet(index, caller)].port, ...list.map((u) => u.localPort)];
      for (const u of list) for (const p of taken) getOr(takenNear, u.service, () => new Set()).add(p);
    }
  }
  const freePort = (service: string, from: number) => {
    const taken = mustGet(takenNear, service);
    const start = from >= base && from < base + UPSTREAM_PORT_SPAN ? from - base : -1;
    for (let k = 1; k <= UPSTREAM_PORT_SPAN; k++) {
      const p = base + ((start + k) % UPSTREAM_PORT_SPAN);
      if (!taken.has(p) && !SIDECAR_PORTS.has(p) && !explicit.has(p)) return p;
    }
    return from;
  };
  const reported = new Set<string>();
  const blame = (service: string, message: string) => {
    if (reported.has(service)) return;
    reported.add(service);
    const src = portSource(service);
    const port = src.pinned ?? upstreamPortOf(service, base);
    const how = src.pinned !== undefined ? "pinned" : "from the hash of its name";
    problems.push(
      `${src.at}: ${port} (${how}, the upstream listener for ${show(service)}) ${message}; pin ${src.at} to a free port, e.g. ${freePort(service, port)}`,
    );
  };
  for (const { caller, ups } of pods) {
    const ci = mustGet(index, caller);
    const used = new Map<number, string>();
    for (const up of ups) {
      if (up.localPort === spec.services[ci].port)
        blame(up.service, `collides with the port of ${show(caller)} itself in its pod`);
      else if (SIDECAR_PORTS.has(up.localPort))
        blame(up.service, `is a port the Consul sidecar binds in ${show(caller)}'s pod`);
      const other = used.get(up.localPort);
      if (other !== undefined) {
        // The later-declared of the two moves; the earlier one is likely deployed already.
        const [keep, move] = [other, up.service].sort((x, y) => portSource(x).order - portSource(y).order);
        blame(move, `collides with the listener for ${show(keep)} in ${show(caller)}'s pod`);
      }
      used.set(up.localPort, up.service);
    }
  }
}

function render(a: EnvAcc, spec: TopologySpec): EnvironmentPlan {
  const here = spec.services.filter((s) => s.environments.includes(a.name)).sort(byKey((s) => s.name));
  const sortedSources = (m: Map<string, IntentionSourcePlan>) =>
    [...m.values()].sort(byKey((s) => `${s.peer ?? ""}/${s.name}`));
  return {
    name: a.name,
    workloads: here.map((s) => ({
      service: s.name,
      port: s.port,
      protocol: s.protocol ?? "http",
      upstreams: [...(a.upstreams.get(s.name)?.values() ?? [])].sort((x, y) => x.localPort - y.localPort),
    })),
    exports: [...a.exports]
      .map(([service, peers]) => ({ service, consumers: [...peers].sort() }))
      .sort(byKey((e) => e.service)),
    intentions: [...a.intentions]
      .map(([destination, m]) => ({ destination, sources: sortedSources(m) }))
      .sort(byKey((i) => i.destination)),
    // Consul tries failover targets in order, so the peers keep the order the failovers are declared in.
    resolvers: [...a.resolvers]
      .map(([service, peers]) => ({ service, failoverPeers: [...peers] }))
      .sort(byKey((r) => r.service)),
    serviceDefaults: here.map((s) => ({
      service: s.name,
      protocol: s.protocol ?? "http",
      upstreamOverrides: [...(a.overrides.get(s.name)?.values() ?? [])].sort(byKey((o) => `${o.name}/${o.peer ?? ""}`)),
    })),
    externalServices: [...a.externals.values()]
      .map(({ e, callers }) => ({
        name: e.name,
        address: e.address,
        port: e.port,
        protocol: e.protocol ?? "tcp",
        callers: [...callers].sort(),
      }))
      .sort(byKey((e) => e.name)),
  };
}

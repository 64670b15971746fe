import { isDnsLabel, show } from "../errors";
import { SIDECAR_PORTS } from "../validation";
import type { TopologySpec } from "./types";
import { mustGet } from "../private/maps";

export { SIDECAR_PORTS };

const callText = (c: { from: string; to: string }) => show(`${c.from} -> ${c.to}`);

/**
 * Checks the declared topology before anything is derived. Problems name the config path
 * (`calls[1]`, `services[2].name`, ...). Gateway paths and ports are checked during derivation,
 * where the traffic directions are known.
 */
export function verifyDeclarations(spec: TopologySpec): { problems: string[]; warnings: string[] } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const envNames = new Set(spec.environments.map((e) => e.name));
  const byName = new Map<string, number>();

  const envIndex = new Map<string, number>();
  spec.environments.forEach((e, i) => {
    const first = envIndex.get(e.name);
    if (first !== undefined)
      problems.push(`environments[${i}].name: ${show(e.name)} is a duplicate of environments[${first}]`);
    else envIndex.set(e.name, i);
  });

  spec.services.forEach((s, i) => {
    if (!isDnsLabel(s.name))
      problems.push(
        `services[${i}].name: ${show(s.name)} is not a DNS-1123 label (lower-case letters, digits and '-')`,
      );
    const first = byName.get(s.name);
    if (first !== undefined) problems.push(`services[${i}].name: ${show(s.name)} is a duplicate of services[${first}]`);
    else byName.set(s.name, i);
    if (!s.environments.length)
      problems.push(`services[${i}].environments: [] must name at least one environment (the first is its home)`);
    const seenEnv = new Set<string>();
    s.environments.forEach((e, k) => {
      if (!envNames.has(e))
        problems.push(`services[${i}].environments[${k}]: ${show(e)} is not a declared environment`);
      if (seenEnv.has(e)) problems.push(`services[${i}].environments[${k}]: ${show(e)} is listed twice`);
      seenEnv.add(e);
    });
    if (SIDECAR_PORTS.has(s.port)) problems.push(`services[${i}].port: ${s.port} is reserved by the Consul sidecar`);
  });

  const externals = new Map<string, number>();
  (spec.externalServices ?? []).forEach((e, i) => {
    const at = `externalServices[${i}]`;
    if (!isDnsLabel(e.name))
      problems.push(`${at}.name: ${show(e.name)} is not a DNS-1123 label (lower-case letters, digits and '-')`);
    const first = externals.get(e.name);
    // A name both kinds have stays the mesh service's, so its calls are checked as such.
    if (byName.has(e.name))
      problems.push(`${at}.name: ${show(e.name)} is already the mesh service services[${byName.get(e.name)}]`);
    else if (first !== undefined)
      problems.push(`${at}.name: ${show(e.name)} is a duplicate of externalServices[${first}]`);
    else externals.set(e.name, i);
    if (!envNames.has(e.environment))
      problems.push(`${at}.environment: ${show(e.environment)} is not a declared environment`);
  });

  const seenCall = new Map<string, number>();
  const called = new Set<string>();
  spec.calls.forEach((c, i) => {
    const at = `calls[${i}]: ${callText(c)}`;
    if (externals.has(c.from))
      problems.push(`${at}: ${show(c.from)} is an external service; it sits outside the mesh and cannot be a caller`);
    else if (!byName.has(c.from)) problems.push(`${at}: unknown service ${show(c.from)}`);
    if (!byName.has(c.to) && !externals.has(c.to)) problems.push(`${at}: unknown service ${show(c.to)}`);
    if (c.from === c.to) problems.push(`${at}: a service cannot call itself`);
    const key = `${c.from}\u0000${c.to}`;
    const first = seenCall.get(key);
    if (first !== undefined) problems.push(`${at}: repeats calls[${first}]`);
    else seenCall.set(key, i);
    called.add(c.to);
  });

  const seenFailover = new Map<string, number>();
  (spec.failover ?? []).forEach((f, i) => {
    const at = `failover[${i}]`;
    const key = `${f.service}\u0000${f.from}\u0000${f.to}`;
    const firstFailover = seenFailover.get(key);
    if (firstFailover !== undefined) problems.push(`${at}: repeats failover[${firstFailover}]`);
    else seenFailover.set(key, i);
    const idx = byName.get(f.service);
    if (idx === undefined) {
      problems.push(`${at}.service: ${show(f.service)} is not a declared service`);
      return;
    }
    const runs = spec.services[idx].environments;
    for (const side of ["from", "to"] as const) {
      if (!envNames.has(f[side])) problems.push(`${at}.${side}: ${show(f[side])} is not a declared environment`);
      else if (!runs.includes(f[side]))
        problems.push(
          `${at}.${side}: ${show(f[side])}: service ${show(f.service)} does not run there (it runs in ${runs.join(", ")})`,
        );
    }
    if (f.from === f.to) problems.push(`${at}.to: ${show(f.to)} is the same environment as failover[${i}].from`);
  });

  spec.peerings.forEach((p, i) => {
    for (const side of ["acceptor", "dialer"] as const) {
      if (!envNames.has(p[side]))
        problems.push(`peerings[${i}].${side}: ${show(p[side])} is not a declared environment`);
    }
    if (p.acceptor === p.dialer) problems.push(`peerings[${i}]: ${show(p.acceptor)} cannot peer with itself`);
  });

  spec.services.forEach((s, i) => {
    if (!s.entrypoint && !called.has(s.name))
      warnings.push(`services[${i}]: ${show(s.name)} is never called and is not an entry point`);
  });
  (spec.externalServices ?? []).forEach((e, i) => {
    if (!called.has(e.name))
      warnings.push(
        `externalServices[${i}]: ${show(e.name)} is never called; its gateway link and registration are made anyway`,
      );
  });
  warnings.push(...callCycles(spec));
  const hosting = new Set(spec.services.flatMap((s) => s.environments));
  for (const e of spec.environments)
    if (!hosting.has(e.name)) warnings.push(`environments.${e.name}: runs no services`);
  return { problems, warnings };
}

/**
 * One warning per call cycle, that is per strongly connected set of services (Tarjan): a request
 * that follows the calls never ends, so the demo services would answer 502 forever. The cycle
 * shown starts at the set's first-declared service and is named at the call that closes it.
 */
function callCycles(spec: TopologySpec): string[] {
  const next = new Map<string, { to: string; i: number }[]>();
  spec.calls.forEach((c, i) => {
    if (c.from !== c.to) next.set(c.from, [...(next.get(c.from) ?? []), { to: c.to, i }]);
  });
  const order = new Map(spec.services.map((s, i) => [s.name, i]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const sets: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, index.size);
    low.set(v, mustGet(index, v));
    stack.push(v);
    onStack.add(v);
    for (const { to } of next.get(v) ?? []) {
      if (!index.has(to)) {
        connect(to);
        low.set(v, Math.min(mustGet(low, v), mustGet(low, to)));
      } else if (onStack.has(to)) {
        low.set(v, Math.min(mustGet(low, v), mustGet(index, to)));
      }
    }
    if (low.get(v) === index.get(v)) {
      const set: string[] = [];
      let w: string;
      do {
        w = stack.pop() ?? v; // never empty here: v itself is on the stack
        onStack.delete(w);
        set.push(w);
      } while (w !== v);
      if (set.length > 1) sets.push(set);
    }
  };
  for (const s of spec.services) if (!index.has(s.name)) connect(s.name);

  const out: { first: number; line: string }[] = [];
  for (const set of sets) {
    const members = new Set(set);
    const start = [...set].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0))[0];
    // Breadth-first inside the set, back to the start: the shortest cycle through it.
    const parent = new Map<string, { from: string; i: number }>();
    const queue = [start];
    let closing: { from: string; i: number } | undefined;
    while (!closing) {
      const v = queue.shift();
      if (v === undefined) break;
      for (const { to, i } of next.get(v) ?? []) {
        if (!members.has(to)) continue;
        if (to === start) {
          closing = { from: v, i };
          break;
        }
        if (!parent.has(to)) {
          parent.set(to, { from: v, i });
          queue.push(to);
        }
      }
    }
    // A strongly connected set of two or more services always closes a cycle through its start.
    if (!closing) throw new Error(`internal error: no cycle closes through ${start}`);
    const path = [start];
    for (let v = closing.from; v !== start; v = mustGet(parent, v).from) path.splice(1, 0, v);
    // A long cycle is cut in the middle: its ends say where it starts and closes.
    const shown = path.length > 6 ? [...path.slice(0, 3), "...", ...path.slice(-2)] : path;
    out.push({
      first: order.get(start) ?? 0,
      line: `calls[${closing.i}]: ${show([...shown, start].join(" -> "))} is a call cycle (${path.length} services): a request that follows it never returns`,
    });
  }
  return out.sort((a, b) => a.first - b.first).map((o) => o.line);
}

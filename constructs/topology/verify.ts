import { isDnsLabel, show } from "../errors";
import { SIDECAR_PORTS } from "../validation";
import type { TopologySpec } from "./types";

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
    if (first !== undefined) problems.push(`environments[${i}].name: ${show(e.name)} is a duplicate of environments[${first}]`);
    else envIndex.set(e.name, i);
  });

  spec.services.forEach((s, i) => {
    if (!isDnsLabel(s.name)) problems.push(`services[${i}].name: ${show(s.name)} is not a DNS-1123 label (lower-case letters, digits and '-')`);
    const first = byName.get(s.name);
    if (first !== undefined) problems.push(`services[${i}].name: ${show(s.name)} is a duplicate of services[${first}]`);
    else byName.set(s.name, i);
    if (!s.environments.length) problems.push(`services[${i}].environments: [] must name at least one environment (the first is its home)`);
    const seenEnv = new Set<string>();
    s.environments.forEach((e, k) => {
      if (!envNames.has(e)) problems.push(`services[${i}].environments[${k}]: ${show(e)} is not a declared environment`);
      if (seenEnv.has(e)) problems.push(`services[${i}].environments[${k}]: ${show(e)} is listed twice`);
      seenEnv.add(e);
    });
    if (SIDECAR_PORTS.has(s.port)) problems.push(`services[${i}].port: ${s.port} is reserved by the Consul sidecar`);
  });

  const seenCall = new Map<string, number>();
  const called = new Set<string>();
  spec.calls.forEach((c, i) => {
    const at = `calls[${i}]: ${callText(c)}`;
    for (const end of [c.from, c.to]) if (!byName.has(end)) problems.push(`${at}: unknown service ${show(end)}`);
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
      else if (!runs.includes(f[side])) problems.push(`${at}.${side}: ${show(f[side])}: service ${show(f.service)} does not run there (it runs in ${runs.join(", ")})`);
    }
    if (f.from === f.to) problems.push(`${at}.to: ${show(f.to)} is the same environment as failover[${i}].from`);
  });

  spec.peerings.forEach((p, i) => {
    for (const side of ["acceptor", "dialer"] as const) {
      if (!envNames.has(p[side])) problems.push(`peerings[${i}].${side}: ${show(p[side])} is not a declared environment`);
    }
    if (p.acceptor === p.dialer) problems.push(`peerings[${i}]: ${show(p.acceptor)} cannot peer with itself`);
  });

  spec.services.forEach((s, i) => {
    if (!s.entrypoint && !called.has(s.name)) warnings.push(`services[${i}]: ${show(s.name)} is never called and is not an entry point`);
  });
  const hosting = new Set(spec.services.flatMap((s) => s.environments));
  for (const e of spec.environments) if (!hosting.has(e.name)) warnings.push(`environments.${e.name}: runs no services`);
  return { problems, warnings };
}

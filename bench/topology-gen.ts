/**
 * Generates a valid mesh config with `n` services over the default two environments, with calls
 * and failovers in proportion: each service calls the next one or two (one call in five crosses
 * environments), and one service in twenty runs in both with failover.
 */
import { loadConfig } from "../config/load";

export function generateConfig(n: number) {
  const base = loadConfig();
  const envs = ["onprem", "cloud"];
  const name = (i: number) => `svc-${String(i).padStart(4, "0")}`;
  const home = (i: number) => envs[Math.floor(i / 5) % 2]; // blocks of five, alternating
  const services = Array.from({ length: n }, (_, i) => ({
    name: name(i),
    environments: i % 20 === 3 ? [home(i), envs[1 - envs.indexOf(home(i))]] : [home(i)],
    port: 8080,
    ...(i % 5 === 0 ? { entrypoint: true } : {}),
  }));
  const calls: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i + 1 < n && (i + 1) % 5 !== 0) calls.push(`${name(i)} -> ${name(i + 1)}`); // local chain in a block
    if (i % 5 === 4 && i + 1 < n) calls.push(`${name(i)} -> ${name(i + 1)}`); // crosses to the next block
  }
  const failover = services
    .filter((s) => s.environments.length === 2)
    .map((s) => ({ service: s.name, from: s.environments[0], to: s.environments[1] }));
  return { ...base, services, calls, failover, suppressions: [] };
}

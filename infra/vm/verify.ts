import type { VmEnvironmentConfig } from "../../config/types";
import { ENVOY_ADMIN_PORT_BASE, VM_RESERVED_PORTS } from "../../config/vm";
import { show } from "../../constructs/errors";
import type { EnvironmentPlan } from "../../constructs/topology";

/**
 * The derived plan checked against the hosts: services on one host share its network, like
 * containers in a pod, so every app port, every upstream listener the plan assigned and every
 * Envoy admin port on a host must differ, and stay clear of the agent's ports.
 * Returns problems naming the config path of the host.
 */
export function verifyVmHosts(envName: string, env: VmEnvironmentConfig, plan: EnvironmentPlan): string[] {
  const problems: string[] = [];
  const byService = new Map(plan.workloads.map((w) => [w.service, w]));
  env.clients.forEach((client, ci) => {
    const at = `environments.${envName}.clients[${ci}]`;
    const taken = new Map<number, string>();
    const take = (port: number, what: string, envoyAdmin = false) => {
      const first = taken.get(port);
      const reserved = VM_RESERVED_PORTS.find(
        (r) => port >= r.from && port <= r.to && !(envoyAdmin && r.from === ENVOY_ADMIN_PORT_BASE),
      );
      if (first) problems.push(`${at}: port ${port} is both ${first} and ${what} on ${show(client.name)}`);
      else if (reserved)
        problems.push(`${at}: port ${port} (${what}) on ${show(client.name)} is reserved for ${reserved.what}`);
      else taken.set(port, what);
    };
    client.services.forEach((name, i) => {
      const w = byService.get(name);
      if (!w) return;
      take(w.port, `the port of ${show(name)}`);
      take(ENVOY_ADMIN_PORT_BASE + 1 + i, `the Envoy admin port of ${show(name)}'s sidecar`, true);
      for (const u of w.upstreams) take(u.localPort, `${show(name)}'s upstream listener for ${show(u.service)}`);
    });
  });
  return problems;
}

import type { ConfigIssue } from "./errors";
import { show } from "../constructs/private/format";
import { cidrsOverlap, parseCidr, parseIpv4 } from "./cidr";
import type { MeshConfig, VmEnvironmentConfig } from "./types";

/** First Envoy admin port on a host; each proxy takes the next one, on loopback. */
export const ENVOY_ADMIN_PORT_BASE = 19000;

/** Ports the Consul agent and the sidecars take on every host; an app must not listen on them. */
export const VM_RESERVED_PORTS: readonly { readonly from: number; readonly to: number; readonly what: string }[] = [
  { from: 8300, to: 8302, what: "Consul RPC and gossip" },
  { from: 8501, to: 8501, what: "Consul HTTPS API" },
  { from: 8503, to: 8503, what: "Consul gRPC TLS" },
  { from: 8600, to: 8600, what: "Consul DNS" },
  { from: ENVOY_ADMIN_PORT_BASE, to: ENVOY_ADMIN_PORT_BASE + 99, what: "Envoy admin listeners" },
  { from: 21000, to: 21255, what: "Consul's sidecar port range" },
];

/**
 * Checks of one `kind: vm` environment that the schema cannot express, each naming its path:
 * server count, unique names and addresses, addresses inside networkCidrs, and the services
 * each client runs.
 */
export function checkVmEnvironment(name: string, env: VmEnvironmentConfig, config: MeshConfig): ConfigIssue[] {
  const problems: ConfigIssue[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const at = `environments.${name}`;

  const n = env.servers.length;
  if (n !== 1 && (n < 3 || n % 2 === 0)) {
    add(
      `${at}.servers`,
      `${n} servers; use 1, or an odd number from 3 (Raft needs a majority: ${n} servers tolerate no more failures than ${n - 1})`,
    );
  }

  const hosts = [
    ...env.servers.map((h, i) => ({ at: `${at}.servers[${i}]`, ...h })),
    ...env.clients.map((h, i) => ({ at: `${at}.clients[${i}]`, ...h })),
    { at: `${at}.meshGateway`, ...env.meshGateway },
  ];
  const names = new Map<string, string>();
  const addresses = new Map<string, string>();
  const cidrs = env.networkCidrs.map(parseCidr).filter((c) => c !== undefined);
  for (const h of hosts) {
    const seen = names.get(h.name);
    if (seen) add(`${h.at}.name`, `${show(h.name)} is already the name of ${seen}; every host is its own Consul node`);
    else names.set(h.name, h.at);
    const other = addresses.get(h.address);
    if (other) add(`${h.at}.address`, `${show(h.address)} is already the address of ${other}`);
    else addresses.set(h.address, h.at);
    const ip = parseIpv4(h.address);
    if (ip !== undefined && cidrs.length && !cidrs.some((c) => cidrsOverlap(c, { network: ip, prefix: 32 }))) {
      add(`${h.at}.address`, `${show(h.address)} is outside ${at}.networkCidrs (${env.networkCidrs.join(", ")})`);
    }
  }

  const byName = new Map(config.services.map((s) => [s.name, s]));
  const placed = new Set<string>();
  env.clients.forEach((c, i) => {
    const ports = new Map<number, string>();
    const callees = new Map<string, string>();
    c.services.forEach((svcName, j) => {
      const where = `${at}.clients[${i}].services[${j}]`;
      const svc = byName.get(svcName);
      if (!svc) {
        add(where, `${show(svcName)} is not a declared service`);
        return;
      }
      if (!svc.environments.includes(name)) {
        add(where, `${show(svcName)} does not run in ${name}; add ${show(name)} to its environments`);
        return;
      }
      placed.add(svcName);
      const clash = ports.get(svc.port);
      if (clash)
        add(
          where,
          `${show(svcName)} listens on port ${svc.port} like ${show(clash)} on the same host; give one another port`,
        );
      ports.set(svc.port, svcName);
      const reserved = VM_RESERVED_PORTS.find((r) => svc.port >= r.from && svc.port <= r.to);
      if (reserved)
        add(where, `${show(svcName)} listens on port ${svc.port}, which the host reserves for ${reserved.what}`);
      // Every caller's sidecar binds the callee's upstream port on 127.0.0.1; two on one host collide.
      for (const call of config.calls.filter((x) => x.from === svcName)) {
        const first = callees.get(call.to);
        if (first)
          add(
            where,
            `${show(svcName)} and ${show(first)} both call ${show(call.to)}; their sidecars would bind the same upstream port on this host, so run them on different hosts`,
          );
        else callees.set(call.to, svcName);
      }
    });
  });
  for (const svc of config.services) {
    if (svc.environments.includes(name) && !placed.has(svc.name)) {
      add(`${at}.clients`, `no client runs ${show(svc.name)}, which runs in ${name}; add it to a client's services`);
    }
  }

  config.peerings.forEach((p, i) => {
    if (p.acceptor === name) {
      add(
        `peerings[${i}].acceptor`,
        `${show(name)} is a vm environment, which can only dial (it reads the acceptor's token from its Kubernetes Secret); make ${show(name)} the dialer`,
      );
    }
  });
  return problems;
}

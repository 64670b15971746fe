import type { VmEnvironmentConfig } from "../../config/types";
import { ENVOY_ADMIN_PORT_BASE } from "../../config/vm";
import { MESH_GATEWAY_PORT } from "../mesh-gateway";
import type { EnvironmentPlan, WorkloadPlan } from "../../constructs/topology";
import { clientConfig, serverConfig } from "./agent-config";
import { PATHS, renderJson, shellQuote, type HostFile } from "./files";
import { renderUnit } from "./systemd";
import { APP_BUNDLE, appUnit, consulUnit, meshGatewayUnit, sidecarUnit, terminatingGatewayUnit } from "./units";
import { TERMINATING_GATEWAY_PORT } from "../../config/external-services";
import { TERMINATING_GATEWAY_NAME } from "../terminating-gateway";

export type VmRole = "server" | "client" | "mesh-gateway";

/** One host of a VM environment and what it runs. */
export interface VmHost {
  readonly name: string;
  readonly address: string;
  /** SSH host key to pin. @default - none */
  readonly hostKey?: string;
  readonly role: VmRole;
  /** Mesh services on this host, from the topology plan (clients only). */
  readonly workloads: readonly WorkloadPlan[];
  /** The gateway host also runs the terminating gateway (the plan has external services). @default false */
  readonly terminatingGateway?: boolean;
}

/** Every host in a stable order: servers, clients, then the gateway. */
export function vmHosts(env: VmEnvironmentConfig, plan: EnvironmentPlan): VmHost[] {
  const byService = new Map(plan.workloads.map((w) => [w.service, w]));
  return [
    ...env.servers.map((h) => ({ ...h, role: "server" as const, workloads: [] })),
    ...env.clients.map((h) => ({
      name: h.name,
      address: h.address,
      hostKey: h.hostKey,
      role: "client" as const,
      workloads: h.services.map((s) => byService.get(s)).filter((w) => w !== undefined),
    })),
    {
      name: env.meshGateway.name,
      address: env.meshGateway.address,
      hostKey: env.meshGateway.hostKey,
      role: "mesh-gateway" as const,
      workloads: [],
      terminatingGateway: plan.externalServices.length > 0,
    },
  ];
}

/** LAN and WAN (what the other side dials) addresses of the gateway, `host:port`. */
export function gatewayAddresses(env: VmEnvironmentConfig): { lan: string; wan: string } {
  const gw = env.meshGateway;
  const port = gw.port ?? MESH_GATEWAY_PORT;
  return { lan: `${gw.address}:${port}`, wan: `${gw.publicAddress ?? gw.address}:${gw.publicPort ?? port}` };
}

export const unitName = {
  sidecar: (service: string) => `consul-envoy-${service}.service`,
  app: (service: string) => `hybrid-mesh-${service}.service`,
  gateway: "consul-mesh-gateway.service",
  terminatingGateway: "consul-terminating-gateway.service",
  consul: "consul.service",
} as const;

/** The units a host runs once its tokens are there (started by the mesh stack). */
export function meshUnits(host: VmHost): string[] {
  if (host.role === "mesh-gateway")
    return [unitName.gateway, ...(host.terminatingGateway ? [unitName.terminatingGateway] : [])];
  return host.workloads.flatMap((w) => [unitName.app(w.service), unitName.sidecar(w.service)]);
}

/**
 * The host's files that hold no secret: the agent config and every systemd unit. They reach the
 * host through cloud-init or SSH; nothing here starts (secrets and tokens come later).
 */
export function hostFiles(env: VmEnvironmentConfig, envName: string, host: VmHost): HostFile[] {
  const agent = {
    datacenter: env.datacenter,
    nodeName: host.name,
    address: host.address,
    serverAddresses: env.servers.map((s) => s.address),
  };
  const config =
    host.role === "server" ? serverConfig({ ...agent, bootstrapExpect: env.servers.length }) : clientConfig(agent);
  const unit = (name: string, content: string): HostFile => ({
    path: `${PATHS.unitDir}/${name}`,
    content,
    mode: "0644",
  });
  const files: HostFile[] = [
    { path: `${PATHS.configDir}/consul.json`, content: renderJson(config), mode: "0640", group: "consul" },
    unit(unitName.consul, renderUnit(consulUnit(host.role === "server" ? "server" : "client"))),
  ];
  if (host.role === "mesh-gateway") {
    files.push(
      unit(
        unitName.gateway,
        renderUnit(meshGatewayUnit({ ...gatewayAddresses(env), adminPort: ENVOY_ADMIN_PORT_BASE })),
      ),
    );
    if (host.terminatingGateway) {
      const tgw = {
        service: TERMINATING_GATEWAY_NAME,
        address: `${host.address}:${TERMINATING_GATEWAY_PORT}`,
        adminPort: ENVOY_ADMIN_PORT_BASE + 1,
      };
      files.push(unit(unitName.terminatingGateway, renderUnit(terminatingGatewayUnit(tgw))));
    }
  }
  host.workloads.forEach((w, i) => {
    const upstreams = w.upstreams.map((u) => ({ service: u.service, localPort: u.localPort, peer: u.peer }));
    files.push(unit(unitName.sidecar(w.service), renderUnit(sidecarUnit(w.service, ENVOY_ADMIN_PORT_BASE + 1 + i))));
    files.push(
      unit(
        unitName.app(w.service),
        renderUnit(appUnit({ service: w.service, environment: envName, port: w.port, upstreams })),
      ),
    );
  });
  return files;
}

/** HashiCorp's release signing key (https://www.hashicorp.com/trust/security), checked before use. */
const HASHICORP_KEY_FINGERPRINT = "798AEC654E5C15428C8E42EEAA16FCBCA621E701";

/**
 * Shell commands (run as root) that install the pinned packages: Consul from HashiCorp's apt
 * repository (signing key fingerprint checked), Envoy from the Envoy project's apt repository,
 * Node.js for the demo service from the distribution; then the directories.
 */
export function installCommands(env: VmEnvironmentConfig, host: VmHost): string[] {
  const codename = '$(. /etc/os-release && echo "$VERSION_CODENAME")';
  // HashiCorp's debs carry a revision ("2.0.3-1"); Envoy's carry the bare release version ("1.35.3",
  // envoyproxy/envoy distribution/debian/packages.bzl), so the Envoy pin is exact.
  const pkgs = [
    `consul=${env.versions.consul}-*`,
    ...(host.role === "server" ? [] : [`envoy=${env.versions.envoy}`]),
    ...(host.workloads.length ? ["nodejs"] : []),
  ];
  return [
    "export DEBIAN_FRONTEND=noninteractive",
    "apt-get update",
    "apt-get install -y --no-install-recommends ca-certificates curl gnupg",
    "install -d -m 0755 /etc/apt/keyrings",
    "curl -fsSL https://apt.releases.hashicorp.com/gpg | gpg --dearmor --yes -o /etc/apt/keyrings/hashicorp.gpg",
    `gpg --show-keys --with-colons /etc/apt/keyrings/hashicorp.gpg | grep -q '^fpr:*${HASHICORP_KEY_FINGERPRINT}:'`,
    `echo "deb [signed-by=/etc/apt/keyrings/hashicorp.gpg] https://apt.releases.hashicorp.com ${codename} main" > /etc/apt/sources.list.d/hashicorp.list`,
    ...(host.role === "server"
      ? []
      : [
          "curl -fsSL https://apt.envoyproxy.io/signing.key | gpg --dearmor --yes -o /etc/apt/keyrings/envoy.gpg",
          `echo "deb [signed-by=/etc/apt/keyrings/envoy.gpg] https://apt.envoyproxy.io ${codename} main" > /etc/apt/sources.list.d/envoy.list`,
        ]),
    "apt-get update",
    `apt-get install -y --no-install-recommends ${pkgs.map(shellQuote).join(" ")}`,
    `apt-mark hold consul${host.role === "server" ? "" : " envoy"}`,
    // The package's example config would merge into ours.
    `rm -f ${PATHS.configDir}/consul.hcl`,
    `install -d -o root -g consul -m 0755 ${PATHS.configDir} ${PATHS.tlsDir}`,
    `install -d -o root -g root -m 0700 ${PATHS.tokenDir}`,
    `install -d -o consul -g consul -m 0750 ${PATHS.dataDir}`,
    ...(host.workloads.length ? [`install -d -o root -g root -m 0755 ${PATHS.appDir}`] : []),
  ];
}

/** Where the demo bundle comes from, relative to a stack's output folder (cdktf.out/stacks/<stack>). */
export const APP_BUNDLE_SOURCE = "../../../apps/dist/server.js";
export { APP_BUNDLE };

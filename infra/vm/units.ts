import { LOCAL_GRPC_TLS, LOCAL_HTTPS, type VmUpstream } from "./agent-config";
import { PATHS } from "./files";
import { SANDBOX, type UnitFile } from "./systemd";

/** Binaries as the pinned packages install them. */
const BINARIES = { consul: "/usr/bin/consul", envoy: "/usr/bin/envoy", node: "/usr/bin/node" } as const;

/** The demo service's bundle (`npm run build:service`), copied to every client. */
export const APP_BUNDLE = `${PATHS.appDir}/server.js`;

const INET = "AF_UNIX AF_INET AF_INET6";

/** How a tool on the host reaches its local agent: HTTPS and gRPC TLS on loopback, checked against the CA. */
const LOCAL_AGENT_ENV = [
  `CONSUL_HTTP_ADDR=${LOCAL_HTTPS}`,
  `CONSUL_CACERT=${PATHS.caFile}`,
  `CONSUL_GRPC_ADDR=${LOCAL_GRPC_TLS}`,
  `CONSUL_GRPC_CACERT=${PATHS.caFile}`,
];

/** consul.service: the agent as the package's unprivileged `consul` user, writing only its data dir. */
export function consulUnit(role: "server" | "client"): UnitFile {
  return {
    Unit: {
      Description: `Consul ${role} agent`,
      Documentation: "https://developer.hashicorp.com/consul/docs",
      Wants: "network-online.target",
      After: "network-online.target",
      ConditionFileNotEmpty: `${PATHS.configDir}/consul.json`,
    },
    Service: {
      Type: "notify",
      User: "consul",
      Group: "consul",
      ExecStart: `${BINARIES.consul} agent -config-dir=${PATHS.configDir}`,
      // SIGHUP reloads tokens, services and checks; `consul reload` would need an agent:write token.
      ExecReload: "/bin/kill --signal HUP $MAINPID",
      KillMode: "process",
      Restart: "on-failure",
      RestartSec: 5,
      LimitNOFILE: 65536,
      ...SANDBOX,
      // go-sockaddr reads interfaces over netlink.
      RestrictAddressFamilies: `${INET} AF_NETLINK`,
      ReadWritePaths: PATHS.dataDir,
    },
    Install: { WantedBy: "multi-user.target" },
  };
}

/** Envoy under a throw-away user; the ACL token arrives as a systemd credential (root-only file). */
function envoyService(description: string, tokenName: string, args: readonly string[]): UnitFile {
  return {
    Unit: { Description: description, Wants: "consul.service", After: "consul.service network-online.target" },
    Service: {
      DynamicUser: true,
      LoadCredential: `token:${PATHS.tokenDir}/${tokenName}`,
      Environment: LOCAL_AGENT_ENV,
      ExecStart: [
        BINARIES.consul,
        "connect",
        "envoy",
        ...args,
        "-token-file",
        "%d/token",
        "-envoy-binary",
        BINARIES.envoy,
      ].join(" "),
      Restart: "always",
      RestartSec: 5,
      ...SANDBOX,
      RestrictAddressFamilies: INET,
    },
    Install: { WantedBy: "multi-user.target" },
  };
}

/** consul-envoy-<service>.service: the sidecar, bootstrapped from the local agent. */
export function sidecarUnit(service: string, adminPort: number): UnitFile {
  return envoyService(`Envoy sidecar for ${service}`, service, [
    "-sidecar-for",
    service,
    "-admin-bind",
    `127.0.0.1:${adminPort}`,
  ]);
}

/**
 * consul-mesh-gateway.service: registers the gateway with its LAN address and the address the
 * other side dials (WAN), then runs it. Its listener is the only one meant for another site.
 */
export function meshGatewayUnit(p: {
  readonly lan: string;
  readonly wan: string;
  readonly adminPort: number;
}): UnitFile {
  return envoyService("Consul mesh gateway", "mesh-gateway", [
    "-gateway=mesh",
    "-register",
    "-service",
    "mesh-gateway",
    "-address",
    p.lan,
    "-wan-address",
    p.wan,
    "-admin-bind",
    `127.0.0.1:${p.adminPort}`,
  ]);
}

/**
 * consul-terminating-gateway.service: registers the terminating gateway at its LAN address and
 * runs it; it dials the external services linked to it by the TerminatingGateway config entry.
 * No WAN address: only this datacenter's sidecars reach it.
 */
export function terminatingGatewayUnit(p: {
  readonly service: string;
  readonly address: string;
  readonly adminPort: number;
}): UnitFile {
  return envoyService("Consul terminating gateway", p.service, [
    "-gateway=terminating",
    "-register",
    "-service",
    p.service,
    "-address",
    p.address,
    "-admin-bind",
    `127.0.0.1:${p.adminPort}`,
  ]);
}

/** The UPSTREAMS contract of apps/: `name=http://127.0.0.1:<local port>`, comma-separated. */
function upstreamsEnv(upstreams: readonly VmUpstream[]): string {
  return upstreams.map((u) => `${u.service}=http://127.0.0.1:${u.localPort}`).join(",");
}

/** hybrid-mesh-<service>.service: the demo service on loopback, reachable only through its sidecar. */
export function appUnit(p: {
  readonly service: string;
  readonly environment: string;
  readonly port: number;
  readonly upstreams: readonly VmUpstream[];
}): UnitFile {
  return {
    Unit: {
      Description: `hybrid-mesh demo service ${p.service}`,
      Wants: `consul-envoy-${p.service}.service`,
      After: "network-online.target",
    },
    Service: {
      DynamicUser: true,
      Environment: [
        `SERVICE_NAME=${p.service}`,
        `ENVIRONMENT=${p.environment}`,
        "HOST=127.0.0.1",
        `PORT=${p.port}`,
        `UPSTREAMS=${upstreamsEnv(p.upstreams)}`,
      ],
      ExecStart: `${BINARIES.node} ${APP_BUNDLE}`,
      Restart: "on-failure",
      RestartSec: 2,
      // apps/ drains on SIGTERM within its shutdown timeout (20 s).
      TimeoutStopSec: 30,
      ...SANDBOX,
      RestrictAddressFamilies: INET,
    },
    Install: { WantedBy: "multi-user.target" },
  };
}

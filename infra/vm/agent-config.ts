import { PATHS } from "./files";

/** Consul's ports on a VM host. Plain HTTP and plain gRPC are off (-1). */
export const CONSUL_PORTS = { http: -1, https: 8501, grpc: -1, grpc_tls: 8503, dns: 8600 } as const;

/** Where a client's local tools and Envoy reach its agent. */
export const LOCAL_HTTPS = `https://127.0.0.1:${CONSUL_PORTS.https}`;
export const LOCAL_GRPC_TLS = `https://127.0.0.1:${CONSUL_PORTS.grpc_tls}`;

export interface AgentConfigProps {
  readonly datacenter: string;
  readonly nodeName: string;
  /** LAN address: bind and advertise. */
  readonly address: string;
  /** Every server's LAN address (retry_join). */
  readonly serverAddresses: readonly string[];
}

/**
 * What servers and clients share: TLS verified in both directions on RPC with the server's
 * hostname checked, no plaintext HTTP or gRPC, ACLs on with default deny, Connect and peering on,
 * the HTTPS API and DNS on loopback only. The gossip key and tokens are separate files
 * ({@link gossipConfig}, {@link agentTokenConfig}) delivered over SSH.
 */
function commonConfig(p: AgentConfigProps) {
  return {
    datacenter: p.datacenter,
    node_name: p.nodeName,
    data_dir: PATHS.dataDir,
    bind_addr: p.address,
    advertise_addr: p.address,
    client_addr: "127.0.0.1",
    retry_join: p.serverAddresses.filter((a) => a !== p.address),
    ports: { ...CONSUL_PORTS },
    acl: { enabled: true, default_policy: "deny", down_policy: "extend-cache", enable_token_persistence: true },
    connect: { enabled: true },
    disable_update_check: true,
    log_level: "INFO",
  };
}

/** A server's certificate for RPC, HTTPS and gRPC (`server.<dc>.consul`). */
export const SERVER_CERT = {
  cert_file: `${PATHS.tlsDir}/server.pem`,
  key_file: `${PATHS.tlsDir}/server-key.pem`,
} as const;

/**
 * A client's loopback HTTPS and gRPC listeners present a certificate of the agents' CA, so the
 * CLI and Envoy verify them with ca.pem. Left to auto-encrypt they would present a certificate of
 * the Connect CA, which ca.pem does not verify (hashicorp/consul#8636). It is valid for
 * 127.0.0.1 and server authentication only, so it cannot authenticate to the servers' RPC.
 */
export const LOCAL_LISTENER_CERT = {
  cert_file: `${PATHS.tlsDir}/local.pem`,
  key_file: `${PATHS.tlsDir}/local-key.pem`,
} as const;

/** TLS shared by both roles. */
function tls(server: boolean) {
  return {
    defaults: {
      ca_file: PATHS.caFile,
      ...(server ? SERVER_CERT : {}),
      // Servers require a certificate from this CA on every RPC. Clients serve no RPC (their
      // HTTPS and gRPC are loopback-only, below), and own no certificate until auto-encrypt
      // fetches one, while tlsutil refuses verify_incoming without a cert/key pair at start.
      verify_incoming: server,
      verify_outgoing: true,
    },
    internal_rpc: { verify_server_hostname: true },
    // The HTTPS API is protected by ACL tokens (CLI, Terraform, Envoy bootstrap); requiring a client
    // certificate there too would force one onto every operator. RPC still requires one.
    https: { verify_incoming: false, ...(server ? {} : LOCAL_LISTENER_CERT) },
    // Envoy and remote peers' servers (through the mesh gateways) dial gRPC TLS without a
    // certificate from this CA: peering authenticates with the peering token's own trust bundle.
    grpc: { verify_incoming: false, ...(server ? {} : LOCAL_LISTENER_CERT) },
  };
}

/** A server agent's /etc/consul.d/consul.json. */
export function serverConfig(p: AgentConfigProps & { readonly bootstrapExpect: number }) {
  return {
    ...commonConfig(p),
    server: true,
    bootstrap_expect: p.bootstrapExpect,
    // Peers' servers reach this one through the local mesh gateway on the LAN; Terraform and
    // operators reach the HTTPS API there (ACL tokens required). DNS stays on loopback.
    addresses: { https: `127.0.0.1 ${p.address}`, grpc_tls: p.address },
    // Peering, not WAN federation: no WAN gossip listener. The gateway is the only cross-site door.
    ports: { ...CONSUL_PORTS, serf_wan: -1 },
    tls: tls(true),
    auto_encrypt: { allow_tls: true },
    peering: { enabled: true },
    ui_config: { enabled: false },
    performance: { raft_multiplier: 1 },
  };
}

/** A client agent's /etc/consul.d/consul.json: certificates come from the servers (auto-encrypt). */
export function clientConfig(p: AgentConfigProps) {
  return {
    ...commonConfig(p),
    server: false,
    tls: tls(false),
    auto_encrypt: { tls: true },
    leave_on_terminate: true,
  };
}

/** /etc/consul.d/gossip.json: the gossip key (a Terraform reference) and strict gossip encryption. */
export function gossipConfig(keyReference: string) {
  return { encrypt: keyReference, encrypt_verify_incoming: true, encrypt_verify_outgoing: true };
}

/** /etc/consul.d/acl-tokens.json: the agent's own token (node identity). */
export function agentTokenConfig(tokenReference: string) {
  return { acl: { tokens: { agent: tokenReference } } };
}

/** One upstream of a sidecar, from the topology plan. */
export interface VmUpstream {
  readonly service: string;
  readonly localPort: number;
  /** Peer the callee is reached through; absent for a local callee. */
  readonly peer?: string;
}

/**
 * /etc/consul.d/service-<name>.json: the service at the host's LAN address, its app on loopback
 * behind the sidecar, a readiness check, and the sidecar's upstreams. Peered upstreams go through
 * the local mesh gateway, as ProxyDefaults says on Kubernetes.
 */
export function serviceDefinition(p: {
  readonly service: string;
  readonly port: number;
  readonly address: string;
  readonly tokenReference: string;
  readonly upstreams: readonly VmUpstream[];
}) {
  return {
    service: {
      name: p.service,
      id: p.service,
      address: p.address,
      port: p.port,
      token: p.tokenReference,
      check: {
        id: `${p.service}-ready`,
        name: "readyz",
        http: `http://127.0.0.1:${p.port}/readyz`,
        interval: "10s",
        timeout: "2s",
      },
      connect: {
        sidecar_service: {
          proxy: {
            local_service_address: "127.0.0.1",
            local_service_port: p.port,
            upstreams: p.upstreams.map((u) => ({
              destination_name: u.service,
              ...(u.peer ? { destination_peer: u.peer, mesh_gateway: { mode: "local" } } : {}),
              local_bind_address: "127.0.0.1",
              local_bind_port: u.localPort,
            })),
          },
        },
      },
    },
  };
}

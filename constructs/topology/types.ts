/** The declared topology: environments, services, calls and failovers. Everything else is derived. */

export interface TopologyEnvironment {
  /** Environment name; also the peer name the other environments know it by. */
  readonly name: string;
  /** Environments whose mesh gateways can open connections to this environment's gateway. */
  readonly reachableFrom: readonly string[];
  /** Why an environment not listed in reachableFrom cannot reach this one; shown in errors.
   * @default - a generic hint */
  readonly unreachableHint?: string;
}

export interface TopologyService {
  /** DNS-1123 label. */
  readonly name: string;
  /** Environments it runs in; the first is its home, which remote callers reach. */
  readonly environments: readonly string[];
  /** Port the service listens on. */
  readonly port: number;
  /** @default "http" */
  readonly protocol?: "http" | "http2" | "grpc" | "tcp";
  /** Called from outside the mesh, so having no caller is expected.
   * @default false */
  readonly entrypoint?: boolean;
  /** Local port of this service's upstream listener in every caller's pod.
   * @default - upstreamPortBase + a hash of the name into 16384 ports (see upstreamPortOf); it never
   * depends on other services, so edits elsewhere don't move it */
  readonly upstreamPort?: number;
}

export interface TopologyCall {
  readonly from: string;
  readonly to: string;
}

/** Calls that land on `service` in `from` fail over to its instances in `to`. */
export interface TopologyFailover {
  readonly service: string;
  readonly from: string;
  readonly to: string;
}

/** A service outside the mesh (legacy host, mainframe API), reached through the terminating gateway of its environment. */
export interface TopologyExternalService {
  /** DNS-1123 label, distinct from every mesh service. */
  readonly name: string;
  /** IP address or DNS name the terminating gateway connects to. */
  readonly address: string;
  readonly port: number;
  /** Environment whose terminating gateway reaches it; every caller must run there. */
  readonly environment: string;
  /** @default "tcp" */
  readonly protocol?: "http" | "http2" | "grpc" | "tcp";
  /** Local port of its upstream listener in callers that use explicit upstreams.
   * @default - upstreamPortBase + a hash of the name, as for services */
  readonly upstreamPort?: number;
}

export interface TopologyPeering {
  /** The environment whose gateway the dialer can reach. */
  readonly acceptor: string;
  readonly dialer: string;
}

export interface TopologySpec {
  readonly environments: readonly TopologyEnvironment[];
  readonly peerings: readonly TopologyPeering[];
  readonly services: readonly TopologyService[];
  readonly calls: readonly TopologyCall[];
  /** @default [] */
  readonly failover?: readonly TopologyFailover[];
  /** Services outside the mesh that calls may name as callee.
   * @default [] */
  readonly externalServices?: readonly TopologyExternalService[];
  /** First port of the range upstream listeners are hashed into (1024 to 49152).
   * @default 9100 */
  readonly upstreamPortBase?: number;
}

/** One upstream listener in a caller's pod. */
export interface UpstreamPlan {
  readonly service: string;
  readonly localPort: number;
  /** Peer the callee is reached through; absent for a local callee. */
  readonly peer?: string;
  /** The `consul.hashicorp.com/connect-service-upstreams` entry. */
  readonly annotation: string;
  /** Set when the callee is an external service: where it lives, which a transparent proxy
   * (Kubernetes) dials directly instead of a local listener. @default - a mesh service */
  readonly external?: { readonly address: string; readonly port: number };
}

export interface WorkloadPlan {
  readonly service: string;
  readonly port: number;
  readonly protocol: string;
  readonly upstreams: readonly UpstreamPlan[];
}

export interface IntentionSourcePlan {
  readonly name: string;
  /** The caller's environment as this side knows it; absent for a local caller. */
  readonly peer?: string;
}

export interface EnvironmentPlan {
  readonly name: string;
  /** Services running here, by name. */
  readonly workloads: readonly WorkloadPlan[];
  /** Services exported, each to exactly the peers that need it. */
  readonly exports: readonly { readonly service: string; readonly consumers: readonly string[] }[];
  /** Allow intentions per destination (default deny covers the rest). */
  readonly intentions: readonly { readonly destination: string; readonly sources: readonly IntentionSourcePlan[] }[];
  /** Failover resolvers. */
  readonly resolvers: readonly { readonly service: string; readonly failoverPeers: readonly string[] }[];
  /** Per service running here: its protocol and the upstreams it health-checks passively. */
  readonly serviceDefaults: readonly {
    readonly service: string;
    readonly protocol: string;
    readonly upstreamOverrides: readonly { readonly name: string; readonly peer?: string }[];
  }[];
  /** External services in this environment, linked to its terminating gateway; empty: no gateway. */
  readonly externalServices: readonly ExternalServicePlan[];
}

/** An external service the environment's terminating gateway links, and who may call it. */
export interface ExternalServicePlan {
  readonly name: string;
  readonly address: string;
  readonly port: number;
  readonly protocol: string;
  /** Local callers, sorted; an intention allows each, default deny the rest. */
  readonly callers: readonly string[];
}

/** One row of the allow-list: a path the mesh permits, and why. */
export interface AllowedPath {
  readonly caller: string;
  readonly callerEnv: string;
  readonly callee: string;
  readonly calleeEnv: string;
  /** The caller's peer name on the callee's side; absent for a local call. */
  readonly peer?: string;
  readonly via: "call" | "failover";
  /** The callee is an external service, reached through the terminating gateway of calleeEnv. @default false */
  readonly external?: boolean;
}

export interface TopologyPlan {
  readonly environments: readonly EnvironmentPlan[];
  readonly allowList: readonly AllowedPath[];
  readonly peerings: readonly TopologyPeering[];
  /** Printed, not fatal: services nobody calls, environments with no services. */
  readonly warnings: readonly string[];
  /** Cross-environment directions that traffic uses, e.g. "onprem->cloud". */
  readonly directions: readonly string[];
}

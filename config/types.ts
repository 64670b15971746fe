/**
 * The typed shape of a mesh config file (config/default.yaml). The JSON schema in
 * config/schema.json checks the same shape; config/load.ts turns a file into a MeshConfig
 * or a list of "file:line: path: message" problems.
 */

/** Where a stack keeps its Terraform state. */
export type BackendConfig =
  | { readonly type: "local" }
  | {
      readonly type: "s3";
      readonly bucket: string;
      readonly region: string;
      /** Key prefix; each stack appends `<stack>.tfstate`. */
      readonly keyPrefix?: string;
      /** S3-native state locking (Terraform >= 1.10). @default true */
      readonly useLockfile?: boolean;
      /** DynamoDB table for locking, for older Terraform. @default - none */
      readonly dynamodbTable?: string;
    };

export interface NodeGroupConfig {
  readonly instanceTypes: string[];
  readonly minSize: number;
  readonly desiredSize: number;
  readonly maxSize: number;
  readonly diskSizeGiB: number;
}

export interface EksConfig {
  /** Kubernetes version, e.g. "1.33". */
  readonly version: string;
  /** CIDRs allowed to reach the public API endpoint. Empty: the public endpoint is off. */
  readonly publicAccessCidrs: string[];
  /** IAM role given cluster-admin by an EKS access entry; the consul and mesh stacks run as it. */
  readonly adminRoleArn: string;
  readonly nodeGroup: NodeGroupConfig;
}

export interface MeshGatewayConfig {
  /** Gateway pods. */
  readonly replicas: number;
  /** NodePort of the gateway (kind / on-prem only). */
  readonly nodePort?: number;
  /** Public address the other side reaches this gateway at (connectivity: public). */
  readonly publicAddress?: string;
  /** Port at publicAddress. @default 8443 */
  readonly publicPort?: number;
  /**
   * kind, connectivity vpn: the kind host's LAN address, advertised to the peer (the VPN routes it).
   * It must lie in a network the VPN routes.
   */
  readonly lanAddress?: string;
  /** kind, connectivity vpn: the host port the kind config maps to `nodePort` (extraPortMappings). */
  readonly hostPort?: number;
}

interface EnvironmentBase {
  /** Consul datacenter name; unique across environments. */
  readonly datacenter: string;
  readonly meshGateway: MeshGatewayConfig;
  readonly backend: BackendConfig;
}

/** An AWS EKS environment ("cloud"). */
export interface EksEnvironmentConfig extends EnvironmentBase {
  readonly kind: "eks";
  readonly region: string;
  readonly vpcCidr: string;
  readonly availabilityZones: string[];
  readonly eks: EksConfig;
  /** Sources allowed to reach this environment's mesh gateway (the other side's egress). */
  readonly peerSourceCidrs: string[];
  /** Images come from this ECR repository, created by the cloud-infra stack. */
  readonly images: { readonly ecrRepository: string; readonly tag: string };
}

/** An on-prem Kubernetes cluster made by kind, reached through a kubeconfig context. */
export interface KindEnvironmentConfig extends EnvironmentBase {
  readonly kind: "kind";
  readonly kubeContext: string;
  /** Path of the kind cluster config, relative to the repo root. */
  readonly kindConfig: string;
  /** Node, pod and service CIDRs of the cluster. */
  readonly networkCidrs: string[];
  /** Images are loaded into kind (`kind load docker-image`). */
  readonly images: { readonly repository: string; readonly tag: string };
}

/** Every environment kind. */
export type EnvironmentConfig = EksEnvironmentConfig | KindEnvironmentConfig | VmEnvironmentConfig;

/** A plain host of a VM environment. */
export interface VmHostConfig {
  /** Host name; also the Consul node name. DNS-1123 label. */
  readonly name: string;
  /** LAN address the agent binds to and advertises. */
  readonly address: string;
  /** The host's SSH public host key ("ssh-ed25519 AAAA..."); Terraform then refuses any other.
   * @default - the first key the host presents is trusted */
  readonly hostKey?: string;
}

/** A client host and the mesh services it runs. */
export interface VmClientConfig extends VmHostConfig {
  /** Services (from `services:`) this host runs, each with an Envoy sidecar. */
  readonly services: string[];
}

/** How Terraform reaches the hosts over SSH. Never a key or a key path. */
export interface VmSshConfig {
  readonly user: string;
  /** `agent: true` uses the running ssh-agent; `env` names a TF_VAR_* variable holding the key. */
  readonly key: { readonly agent: true } | { readonly env: string };
  /** TCP port of sshd. @default 22 */
  readonly port?: number;
}

/** On-prem plain hosts (VMs) running Consul agents and Envoy. */
export interface VmEnvironmentConfig {
  readonly kind: "vm";
  readonly datacenter: string;
  /** Consul servers: 1, or an odd number from 3. */
  readonly servers: VmHostConfig[];
  readonly clients: VmClientConfig[];
  /** The mesh gateway's host (a client agent that runs only the gateway). */
  readonly meshGateway: VmHostConfig & {
    /** Port the gateway listens on (LAN). @default 8443 */
    readonly port?: number;
    /** Address the other side reaches this gateway at, when not the LAN address (router port-forward). */
    readonly publicAddress?: string;
    /** Port at publicAddress. @default port */
    readonly publicPort?: number;
  };
  /** LAN ranges of the hosts; they must not overlap the other environments' networks. */
  readonly networkCidrs: string[];
  readonly ssh: VmSshConfig;
  /** How the non-secret host files reach the hosts: SSH to existing hosts, or cloud-init
   * user-data outputs for new ones. Secrets always travel over SSH. @default "ssh" */
  readonly delivery?: "ssh" | "cloud-init";
  /** Pinned versions installed on every host. */
  readonly versions: { readonly consul: string; readonly envoy: string };
  readonly backend: BackendConfig;
}

export type ConnectivityConfig =
  | { readonly type: "vpn"; readonly vpn: { readonly customerGatewayIp: string; readonly bgpAsn: number } }
  | { readonly type: "public" };

export interface PeeringConfig {
  /** Environment whose gateway the other can reach; it accepts. */
  readonly acceptor: string;
  /** Environment that dials out. */
  readonly dialer: string;
  /** Bump to re-peer (the consul.hashicorp.com/peering-version annotation). */
  readonly version: number;
}

export interface ServiceConfig {
  /** DNS-1123 label. */
  readonly name: string;
  /** Environments it runs in; the first is its home, the others standbys. */
  readonly environments: string[];
  /** Port the app listens on. */
  readonly port: number;
  /** @default "http" */
  readonly protocol: "http" | "http2" | "grpc" | "tcp";
  /** Called from outside the mesh (no caller expected). @default false */
  readonly entrypoint: boolean;
  /** Fixed local port for this service's upstream listener in callers' pods. @default - from a hash of the name */
  readonly upstreamPort?: number;
}

/** `from -> to`, parsed. */
export interface CallConfig {
  readonly from: string;
  readonly to: string;
}

export interface FailoverConfig {
  readonly service: string;
  readonly from: string;
  readonly to: string;
}

/**
 * A service outside the mesh (a legacy database, a mainframe API) that mesh services call through
 * the terminating gateway of the environment it sits in. Callers list it in `calls:` by name.
 */
export interface ExternalServiceConfig {
  /** DNS-1123 label; not the name of a mesh service. */
  readonly name: string;
  /** IP address or DNS name the terminating gateway connects to. */
  readonly address: string;
  readonly port: number;
  /** The kind or vm environment whose terminating gateway reaches it; its callers run there. */
  readonly environment: string;
  /** @default "tcp" */
  readonly protocol: "tcp" | "http" | "http2" | "grpc";
  /** Fixed local port of its upstream listener in callers (VM sidecars). @default - from a hash of the name */
  readonly upstreamPort?: number;
}

/** A deliberate exception to a policy-gate rule; it is listed in every synth summary. */
export interface SuppressionConfig {
  /** A policy gate rule ID, as constructs/policy/RULES.md lists them. */
  readonly rule: string;
  /** Construct path (or prefix) it applies to, e.g. "cloud-infra/eks". */
  readonly path: string;
  /** Why; required. */
  readonly reason: string;
}

export interface MeshConfig {
  readonly project: string;
  /** Environments by name; the name is also the peer name the other side knows it by. */
  readonly environments: Record<string, EnvironmentConfig>;
  readonly connectivity: ConnectivityConfig;
  readonly peerings: PeeringConfig[];
  readonly services: ServiceConfig[];
  readonly calls: CallConfig[];
  readonly failover: FailoverConfig[];
  /** Services outside the mesh, reached through a terminating gateway. @default [] */
  readonly externalServices: ExternalServiceConfig[];
  /** First port of the range upstream ports are hashed into. @default - the library's DEFAULT_UPSTREAM_PORT_BASE (9100) */
  readonly upstreamPortBase?: number;
  readonly suppressions: SuppressionConfig[];
}

import type {
  EksEnvironmentConfig,
  EnvironmentConfig,
  KindEnvironmentConfig,
  VmEnvironmentConfig,
} from "../config/types";
import { gatewayAddresses } from "../infra/vm/hosts";
import { TERMINATING_GATEWAY_PORT } from "../config/external-services";
import { clusterName } from "../stacks/cloud-infra";
import type { EnvContext } from "./environments";
import { advertisedGateway } from "./environments/kind";

/** The summary's words for each environment kind: what its stacks target, its gateway, its hosts. */
interface Describer<E extends EnvironmentConfig> {
  /** One line: what the stacks target. */
  target(ctx: EnvContext<E>): string;
  /** How the mesh gateway is exposed. */
  gateway(ctx: EnvContext<E>): string;
  /** Hosts and their roles. @default - none */
  hosts?(ctx: EnvContext<E>): string[];
}

const eks: Describer<EksEnvironmentConfig> = {
  target: (ctx) => `AWS ${ctx.env.region}, EKS ${clusterName(ctx.project, ctx.name)} (${ctx.env.eks.version})`,
  gateway(ctx) {
    const scheme = ctx.connectivity.type === "vpn" ? "internal NLB over the VPN" : "internet-facing NLB";
    return `${scheme}, ${ctx.env.meshGateway.replicas} replicas, sources ${ctx.env.peerSourceCidrs.join(", ")}`;
  },
};

const kind: Describer<KindEnvironmentConfig> = {
  target: (ctx) => `kube context ${ctx.env.kubeContext} (kind config ${ctx.env.kindConfig})`,
  gateway(ctx) {
    const gw = ctx.env.meshGateway;
    const a = advertisedGateway(ctx);
    const addr =
      a.via === "lan"
        ? `LAN ${a.address}:${a.port} over the VPN`
        : a.via === "public"
          ? `public ${a.address}:${a.port}`
          : "node IP";
    return `NodePort ${gw.nodePort}, ${gw.replicas} replica${gw.replicas === 1 ? "" : "s"}, ${addr}`;
  },
};

const vm: Describer<VmEnvironmentConfig> = {
  target(ctx) {
    const env = ctx.env;
    const ssh = `SSH as ${env.ssh.user} (${"agent" in env.ssh.key ? "ssh-agent" : `key from ${env.ssh.key.env}`})`;
    const files =
      (env.delivery ?? "ssh") === "cloud-init"
        ? `host files by cloud-init user-data, secrets by ${ssh}`
        : `everything by ${ssh}`;
    return `${env.servers.length + env.clients.length + 1} hosts, ${files}; Consul ${env.versions.consul}, Envoy ${env.versions.envoy}`;
  },
  gateway(ctx) {
    const { lan, wan } = gatewayAddresses(ctx.env);
    return `host ${ctx.env.meshGateway.name}, LAN ${lan}, WAN ${wan}${ctx.connectivity.type === "vpn" ? " over the VPN" : ""}`;
  },
  hosts(ctx) {
    const env = ctx.env;
    return [
      ...env.servers.map((h) => `${h.name} ${h.address}: server`),
      ...env.clients.map((h) => `${h.name} ${h.address}: client, services ${h.services.join(", ") || "none"}`),
      `${env.meshGateway.name} ${env.meshGateway.address}: mesh gateway${ctx.externalServices?.length ? `, terminating gateway on port ${TERMINATING_GATEWAY_PORT}` : ""}`,
    ];
  },
};

const DESCRIBERS: { [K in EnvironmentConfig["kind"]]: Describer<Extract<EnvironmentConfig, { kind: K }>> } = {
  eks,
  kind,
  vm,
};
const describer = (ctx: EnvContext) => DESCRIBERS[ctx.env.kind] as unknown as Describer<EnvironmentConfig>;

export const describeTarget = (ctx: EnvContext): string => describer(ctx).target(ctx);
export const describeGateway = (ctx: EnvContext): string => describer(ctx).gateway(ctx);
export const describeHosts = (ctx: EnvContext): string[] => describer(ctx).hosts?.(ctx) ?? [];

import type { App } from "cdktf";
import type { VmEnvironmentConfig } from "../../config/types";
import { MeshValidationError } from "../../constructs/errors";
import { gatewayAddresses, vmHosts } from "../../infra/vm/hosts";
import { verifyVmHosts } from "../../infra/vm/verify";
import { OnpremVmStack } from "../../stacks/onprem-vm";
import { OnpremVmConsulStack } from "../../stacks/onprem-vm-consul";
import { OnpremVmMeshStack } from "../../stacks/onprem-vm-mesh";
import type { EnvContext, EnvironmentKind } from "./types";

const others = (ctx: EnvContext) => Object.keys(ctx.config.environments).filter((n) => n !== ctx.name);

const noCluster = (ctx: EnvContext, what: string): never => {
  throw new Error(`environments.${ctx.name} is a vm environment: it has no Kubernetes cluster (${what})`);
};

/**
 * On-prem plain hosts with Consul agents and Envoy. Its stacks are its own: hosts (<env>-vm),
 * PKI and agents (consul-<env>), tokens, registrations and peering (mesh-<env>). Nothing else
 * reaches for a cluster here: the config check makes a vm environment a dialer only.
 */
export const vmHostsKind: EnvironmentKind<VmEnvironmentConfig> = {
  namespacesInConsulStack: false,
  infraStackId: (ctx) => `${ctx.name}-vm`,

  createInfraStack(app: App, ctx, plan) {
    const problems = verifyVmHosts(ctx.name, ctx.env, plan);
    if (problems.length) throw new MeshValidationError(problems);
    return new OnpremVmStack(app, this.infraStackId(ctx), { ctx, plan });
  },

  stacks: {
    createConsulStack(app, id, ctx, infra) {
      if (!(infra instanceof OnpremVmStack)) throw new Error(`${id}: the infra stack of a vm environment must be an OnpremVmStack`);
      return new OnpremVmConsulStack(app, id, { ctx, hosts: infra.hosts });
    },
    createMeshStack(app, id, { ctx, plan, consul, dialsTo }) {
      if (!(consul instanceof OnpremVmConsulStack)) throw new Error(`${id}: the consul stack of a vm environment must be an OnpremVmConsulStack`);
      return new OnpremVmMeshStack(app, id, { ctx, plan, hosts: vmHosts(ctx.env, plan), caCertPem: consul.pki.caCertPem, dialsTo });
    },
  },

  clusterAccess: (_scope, ctx) => noCluster(ctx, "cluster access"),
  releasePrerequisites: (_scope, ctx) => noCluster(ctx, "release prerequisites"),
  chartValues: (ctx) => noCluster(ctx, "chart values"),
  image: (_scope, ctx) => noCluster(ctx, "images; services run from the apps/ bundle"),

  gatewayReachability(ctx) {
    if (ctx.config.connectivity.type === "vpn" || ctx.env.meshGateway.publicAddress) return { reachableFrom: others(ctx) };
    return {
      reachableFrom: [],
      hint: `connectivity is "public" and environments.${ctx.name}.meshGateway.publicAddress is not set; set it, or use connectivity type "vpn"`,
    };
  },

  describeTarget(ctx) {
    const env = ctx.env;
    const ssh = `SSH as ${env.ssh.user} (${"agent" in env.ssh.key ? "ssh-agent" : `key from ${env.ssh.key.env}`})`;
    const files = (env.delivery ?? "ssh") === "cloud-init" ? `host files by cloud-init user-data, secrets by ${ssh}` : `everything by ${ssh}`;
    return `${env.servers.length + env.clients.length + 1} hosts, ${files}; Consul ${env.versions.consul}, Envoy ${env.versions.envoy}`;
  },

  describeGateway(ctx) {
    const { lan, wan } = gatewayAddresses(ctx.env);
    return `host ${ctx.env.meshGateway.name}, LAN ${lan}, WAN ${wan}${ctx.config.connectivity.type === "vpn" ? " over the VPN" : ""}`;
  },

  describeHosts(ctx) {
    const env = ctx.env;
    return [
      ...env.servers.map((h) => `${h.name} ${h.address}: server`),
      ...env.clients.map((h) => `${h.name} ${h.address}: client, services ${h.services.join(", ") || "none"}`),
      `${env.meshGateway.name} ${env.meshGateway.address}: mesh gateway`,
    ];
  },
};

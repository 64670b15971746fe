import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ConsulProvider } from "@cdktf/provider-consul/lib/provider";
import type { VmEnvironmentConfig } from "../config/types";
import type { EnvironmentPlan } from "../constructs/topology";
import { CONSUL_NAMESPACE } from "../infra/namespaces";
import { CONSUL_PORTS, agentTokenConfig, serviceDefinition } from "../infra/vm/agent-config";
import { VmAclTokens } from "../infra/vm/acl-tokens";
import { PATHS, renderJson, type HostFile } from "../infra/vm/files";
import { APP_BUNDLE, APP_BUNDLE_SOURCE, meshUnits, unitName, type VmHost } from "../infra/vm/hosts";
import { VmPeering } from "../infra/vm/peering";
import { VmTerminatingGateway } from "../infra/vm/terminating-gateway";
import { TERMINATING_GATEWAY_NAME } from "../infra/terminating-gateway";
import { SshApply, sshAccess } from "../infra/vm/ssh-apply";
import type { PeerAccess } from "./cluster";
import { renderMeshConfig } from "./mesh-config";
import { mustGet } from "../constructs/private/maps";

export interface OnpremVmMeshStackProps {
  /** The environment's name: its peer name at the acceptors. */
  readonly envName: string;
  readonly env: VmEnvironmentConfig;
  /** This environment's part of the derived topology. Its config entries (Mesh, ProxyDefaults,
   * intentions, exports, resolvers, service defaults) are rendered from the same plan. */
  readonly plan: EnvironmentPlan;
  readonly hosts: readonly VmHost[];
  /** PEM of the agents' CA (the consul stack's), to verify the servers' HTTPS API. */
  readonly caCertPem: string;
  /** Acceptors this environment dials, with the peering version. */
  readonly dialsTo: readonly PeerAccess[];
}

/**
 * mesh-<env> for VMs, after the agents run and the operator bootstrapped ACLs: the config entries
 * derived from the plan (as consul_config_entry); least-privilege tokens, delivered over SSH with
 * the service registrations; then the sidecars, the demo services and the mesh gateway start;
 * then the peering with each acceptor.
 */
export class OnpremVmMeshStack extends TerraformStack {
  public readonly tokens: VmAclTokens;
  public readonly provider: ConsulProvider;

  constructor(scope: Construct, id: string, props: OnpremVmMeshStackProps) {
    super(scope, id);
    const { env, hosts } = props;
    // The operator's token comes from CONSUL_HTTP_TOKEN at plan time, never from this config.
    this.provider = new ConsulProvider(this, "consul", {
      address: `${env.servers[0].address}:${CONSUL_PORTS.https}`,
      scheme: "https",
      caPem: props.caCertPem,
      datacenter: env.datacenter,
    });
    const provider = this.provider;
    this.tokens = new VmAclTokens(this, "tokens", {
      provider,
      datacenter: env.datacenter,
      nodes: hosts.map((h) => h.name),
      services: props.plan.workloads.map((w) => w.service),
    });

    // The same config entries as a Kubernetes environment's, written through the Consul API. The
    // consul stack (servers up, ACLs bootstrapped by the operator) comes first. External services
    // are catalog entries here (no transparent proxy on VMs), so callers use explicit upstreams.
    const { mesh } = renderMeshConfig(this, props.plan, { provider }, { registration: "catalog" });

    // External services: their catalog entries and the terminating gateway's token.
    const terminating = props.plan.externalServices.length
      ? new VmTerminatingGateway(this, "external-services", {
          provider,
          datacenter: env.datacenter,
          services: props.plan.externalServices,
        })
      : undefined;

    const access = sshAccess(this, env.ssh);
    const applies: SshApply[] = [];
    for (const host of hosts) {
      const files: HostFile[] = [
        {
          path: `${PATHS.configDir}/acl-tokens.json`,
          content: renderJson(agentTokenConfig(mustGet(this.tokens.nodeTokens, host.name))),
          mode: "0640",
          group: "consul",
        },
      ];
      if (host.role === "mesh-gateway")
        files.push({ path: `${PATHS.tokenDir}/mesh-gateway`, content: this.tokens.gatewayToken, mode: "0600" });
      if (host.terminatingGateway && terminating)
        files.push({ path: `${PATHS.tokenDir}/${TERMINATING_GATEWAY_NAME}`, content: terminating.token, mode: "0600" });
      for (const w of host.workloads) {
        const token = mustGet(this.tokens.serviceTokens, w.service);
        files.push({ path: `${PATHS.tokenDir}/${w.service}`, content: token, mode: "0600" });
        const upstreams = w.upstreams.map((u) => ({ service: u.service, localPort: u.localPort, peer: u.peer }));
        files.push({
          path: `${PATHS.configDir}/service-${w.service}.json`,
          content: renderJson(
            serviceDefinition({
              service: w.service,
              port: w.port,
              address: host.address,
              tokenReference: token,
              upstreams,
            }),
          ),
          mode: "0640",
          group: "consul",
        });
      }
      const units = meshUnits(host);
      applies.push(
        new SshApply(this, `mesh-${host.name}`, {
          access,
          host,
          phase: "mesh",
          files,
          uploads: host.workloads.length ? [{ source: APP_BUNDLE_SOURCE, path: APP_BUNDLE, mode: "0644" }] : [],
          // SIGHUP makes the agent load the token and the service registrations.
          after: [
            `systemctl reload ${unitName.consul}`,
            ...(units.length
              ? [
                  "systemctl daemon-reload",
                  `systemctl enable ${units.join(" ")}`,
                  `systemctl restart ${units.join(" ")}`,
                ]
              : []),
          ],
        }),
      );
    }

    for (const peer of props.dialsTo) {
      const acceptor = peer.access(this, { alias: peer.name });
      new VmPeering(this, `peering-${peer.name}`, {
        acceptorProvider: acceptor.kubernetes,
        acceptorNamespace: CONSUL_NAMESPACE,
        acceptorPeerName: props.envName,
        dialerProvider: provider,
        dialerPeerName: peer.name,
        version: peer.version,
        // Dial once the gateway runs and this datacenter peers through it (the Mesh entry), as
        // the Kubernetes dialer waits for its Mesh.
        dependsOn: [...applies.map((a) => a.resource), mesh.resource],
      });
    }
  }
}

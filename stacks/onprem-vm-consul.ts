import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TlsProvider } from "@cdktf/provider-tls/lib/provider";
import type { VmEnvironmentConfig } from "../config/types";
import { LOCAL_LISTENER_CERT, SERVER_CERT, gossipConfig } from "../infra/vm/agent-config";
import { PATHS, renderJson, type HostFile } from "../infra/vm/files";
import type { VmHost } from "../infra/vm/hosts";
import { ConsulVmPki } from "../infra/vm/pki";
import { SshApply, sshAccess } from "../infra/vm/ssh-apply";
import { mustGet } from "../constructs/private/maps";

export interface OnpremVmConsulStackProps {
  readonly env: VmEnvironmentConfig;
  readonly hosts: readonly VmHost[];
}

/**
 * consul-<env> for VMs: the agents' CA, server certificates and gossip key (state only), pushed
 * over SSH to each host, then the agent started. Secrets never ride in user-data: cloud-init
 * output is readable wherever the hypervisor keeps instance metadata, for the VM's whole life.
 */
export class OnpremVmConsulStack extends TerraformStack {
  public readonly pki: ConsulVmPki;
  public readonly applies: ReadonlyMap<string, SshApply>;

  constructor(scope: Construct, id: string, props: OnpremVmConsulStackProps) {
    super(scope, id);
    const { env } = props;
    new TlsProvider(this, "tls");
    new RandomProvider(this, "random");
    const clients = props.hosts.filter((h) => h.role !== "server");
    this.pki = new ConsulVmPki(this, "pki", { datacenter: env.datacenter, servers: env.servers, clients });
    const access = sshAccess(this, env.ssh);
    const applies = new Map<string, SshApply>();
    for (const host of props.hosts) {
      const files: HostFile[] = [
        { path: PATHS.caFile, content: this.pki.caCertPem, mode: "0644", group: "consul" },
        {
          path: `${PATHS.configDir}/gossip.json`,
          content: renderJson(gossipConfig(this.pki.gossipKey)),
          mode: "0640",
          group: "consul",
        },
      ];
      const server = host.role === "server";
      const pair = mustGet(server ? this.pki.serverCertificates : this.pki.localCertificates, host.name);
      const paths = server ? SERVER_CERT : LOCAL_LISTENER_CERT;
      files.push({ path: paths.cert_file, content: pair.certPem, mode: "0644", group: "consul" });
      files.push({ path: paths.key_file, content: pair.keyPem, mode: "0640", group: "consul" });
      applies.set(
        host.name,
        new SshApply(this, `secrets-${host.name}`, {
          access,
          host,
          phase: "consul",
          files,
          after: ["systemctl daemon-reload", "systemctl enable consul.service", "systemctl restart consul.service"],
        }),
      );
    }
    this.applies = applies;
  }
}

import { TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DataCloudinitConfig } from "@cdktf/provider-cloudinit/lib/data-cloudinit-config";
import { CloudinitProvider } from "@cdktf/provider-cloudinit/lib/provider";
import type { VmEnvironmentConfig } from "../config/types";
import type { EnvironmentPlan } from "../constructs/topology";
import { cloudConfig } from "../infra/vm/cloud-init";
import { hostFiles, installCommands, vmHosts, type VmHost } from "../infra/vm/hosts";
import { SshApply, sshAccess } from "../infra/vm/ssh-apply";

export interface OnpremVmStackProps {
  readonly envName: string;
  readonly env: VmEnvironmentConfig;
  /** This environment's part of the derived topology (which units each client runs). */
  readonly plan: EnvironmentPlan;
}

/**
 * <env>-vm: prepares every host without a secret: the pinned Consul, Envoy and Node.js packages,
 * the agent config under /etc/consul.d/, and the systemd units. New hosts get it as cloud-init
 * user-data (one output per host); existing hosts over SSH. Nothing starts yet: the consul stack
 * brings the certificates and the gossip key, the mesh stack the tokens.
 */
export class OnpremVmStack extends TerraformStack {
  public readonly hosts: readonly VmHost[];

  constructor(scope: Construct, id: string, props: OnpremVmStackProps) {
    super(scope, id);
    const { env, envName } = props;
    this.hosts = vmHosts(env, props.plan);
    if ((env.delivery ?? "ssh") === "cloud-init") {
      new CloudinitProvider(this, "cloudinit");
      for (const host of this.hosts) {
        const userData = new DataCloudinitConfig(this, `user-data-${host.name}`, {
          gzip: false,
          base64Encode: false,
          part: [
            {
              contentType: "text/cloud-config",
              filename: "hybrid-mesh.cfg",
              content: cloudConfig(hostFiles(env, envName, host), installCommands(env, host)),
            },
          ],
        });
        new TerraformOutput(this, `user_data_${host.name}`, {
          value: userData.rendered,
          description: `cloud-init user-data of ${host.name} (${host.role}); it holds no secret`,
        });
      }
    } else {
      const access = sshAccess(this, env.ssh);
      for (const host of this.hosts) {
        new SshApply(this, `host-${host.name}`, {
          access,
          host,
          phase: "host",
          files: hostFiles(env, envName, host),
          before: installCommands(env, host),
          after: ["systemctl daemon-reload"],
        });
      }
    }
  }
}

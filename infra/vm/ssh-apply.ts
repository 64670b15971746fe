import * as crypto from "crypto";
import { DataResource, Fn, SSHProvisionerConnection, TerraformVariable, Token, Tokenization } from "cdktf";
import { Construct } from "constructs";
import type { VmSshConfig } from "../../config/types";
import { permissionCommands, shellQuote, type HostFile } from "./files";

/** How a stack reaches hosts over SSH; made once per stack by {@link sshAccess}. */
export interface SshAccess {
  readonly user: string;
  readonly port: number;
  /** The private key (a sensitive variable's reference), or undefined to use the ssh-agent. */
  readonly privateKey?: string;
}

/**
 * SSH access as the config says: the running ssh-agent, or a key in a TF_VAR_* variable, read
 * through a sensitive TerraformVariable so the key never reaches the synthesized output.
 */
export function sshAccess(scope: Construct, ssh: VmSshConfig): SshAccess {
  const base = { user: ssh.user, port: ssh.port ?? 22 };
  if ("agent" in ssh.key) return base;
  const name = ssh.key.env.replace(/^TF_VAR_/, "");
  const existing = scope.node.tryFindChild(name) as TerraformVariable | undefined;
  const variable =
    existing ??
    new TerraformVariable(scope, name, {
      type: "string",
      sensitive: true,
      nullable: false,
      description: `SSH private key for the VM hosts (set ${ssh.key.env})`,
    });
  return { ...base, privateKey: variable.stringValue };
}

export interface SshApplyProps {
  readonly access: SshAccess;
  /** The host; with `hostKey`, Terraform refuses a host presenting another key. */
  readonly host: { readonly name: string; readonly address: string; readonly hostKey?: string };
  /** Files to place, with their modes. */
  readonly files: readonly HostFile[];
  /** Files uploaded from the machine running Terraform: [source, destination on the host, mode]. */
  readonly uploads?: readonly { readonly source: string; readonly path: string; readonly mode: string }[];
  /** Root commands run before the files are placed (e.g. package installs). @default [] */
  readonly before?: readonly string[];
  /** Root commands run after the files are placed (e.g. starting units). @default [] */
  readonly after?: readonly string[];
  /** Names this step's staging folder on the host; unique per stack. */
  readonly phase: string;
}

/**
 * Applies files and commands to an existing host over SSH: a `terraform_data` whose provisioners
 * upload everything into a private staging folder, then run one root script that installs each
 * file with its owner and mode. It is replaced, and so re-run, whenever the rendered content
 * changes (`triggers_replace` holds a hash per file; secrets are hashed by Terraform, so no
 * secret is written into the configuration).
 */
export class SshApply extends Construct {
  public readonly resource: DataResource;

  constructor(scope: Construct, id: string, props: SshApplyProps) {
    super(scope, id);
    const { access } = props;
    const root = `/var/tmp/hybrid-mesh-${access.user}`;
    const stage = `${root}/${props.phase}`;
    const staged = (p: string) => `${stage}${p}`;
    const uploads = props.uploads ?? [];
    const placed = [...props.files.map((f) => f.path), ...uploads.map((u) => u.path)];
    const script = [
      "set -eu",
      ...(props.before ?? []),
      ...placed.map((p) => `install -D -m 0600 ${shellQuote(staged(p))} ${shellQuote(p)}`),
      ...permissionCommands([...props.files, ...uploads.map((u) => ({ ...u, content: "" }))]),
      ...(props.after ?? []),
      `rm -rf ${shellQuote(stage)}`,
    ].join("\n");
    const dirs = [...new Set([...placed.map((p) => staged(p).replace(/\/[^/]+$/, ""))])].sort();

    const connection: SSHProvisionerConnection = {
      type: "ssh",
      host: props.host.address,
      user: access.user,
      port: access.port,
      ...(props.host.hostKey ? { hostKey: props.host.hostKey } : {}),
      ...(access.privateKey ? { privateKey: access.privateKey, agent: "false" } : { agent: "true" }),
    };
    const hash = (content: string) => {
      const sha = (s: string) => crypto.createHash("sha256").update(s).digest("hex");
      if (!Token.isUnresolved(content)) return sha(content);
      // The literal text is hashed here; the references (secrets) by Terraform, at plan.
      const fragments = Tokenization.reverseString(content);
      return Fn.sha256(
        Fn.join("\n", [sha(fragments.literals.join("\u0000")), ...fragments.tokens.map((t) => Token.asString(t))]),
      );
    };
    this.resource = new DataResource(this, "Resource", {
      triggersReplace: {
        host: props.host.address,
        script: hash(script),
        files: Object.fromEntries(props.files.map((f) => [f.path, hash(`${f.mode}\n${f.content}`)])),
        uploads: Object.fromEntries(uploads.map((u) => [u.path, Fn.filesha256(u.source)])),
      },
      connection,
      provisioners: [
        // A folder only this user can read: secrets wait here until the script installs them.
        {
          type: "remote-exec",
          inline: [
            `umask 077 && mkdir -p ${dirs.map(shellQuote).join(" ")} && test -O ${shellQuote(root)} && test -O ${shellQuote(stage)}`,
          ],
        },
        ...props.files.map((f) => ({ type: "file" as const, content: f.content, destination: staged(f.path) })),
        ...uploads.map((u) => ({ type: "file" as const, source: u.source, destination: staged(u.path) })),
        { type: "file", content: `${script}\n`, destination: `${stage}/apply.sh` },
        { type: "remote-exec", inline: [`sudo sh ${shellQuote(`${stage}/apply.sh`)}`] },
      ],
    });
  }
}

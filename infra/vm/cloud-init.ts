import * as YAML from "yaml";
import { permissionCommands, type HostFile } from "./files";

/** Where the install script lands on a new host. */
const INSTALL_SCRIPT = "/var/lib/hybrid-mesh/install.sh";

/**
 * A `#cloud-config` document for a new host: write_files for every file (root-owned until the
 * packages have created the `consul` group), then one script that installs the pinned packages
 * and fixes owners and modes. Built as an object and serialised with the yaml package.
 */
export function cloudConfig(files: readonly HostFile[], install: readonly string[]): string {
  const script = ["set -eu", ...install, ...permissionCommands(files), "systemctl daemon-reload"].join("\n");
  const doc = {
    write_files: [
      ...files.map((f) => ({ path: f.path, content: f.content, owner: "root:root", permissions: f.mode })),
      { path: INSTALL_SCRIPT, content: `${script}\n`, owner: "root:root", permissions: "0700" },
    ],
    runcmd: [["sh", INSTALL_SCRIPT]],
  };
  // cloud-init reads this with PyYAML, by YAML 1.1: strings such as "off" or "yes" must be quoted.
  return `#cloud-config\n${YAML.stringify(doc, { version: "1.1", lineWidth: 0 })}`;
}

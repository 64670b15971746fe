/** Where things live on a host. Consul loads only *.json and *.hcl directly in its config dir. */
export const PATHS = {
  configDir: "/etc/consul.d",
  tlsDir: "/etc/consul.d/tls",
  /** Token files for Envoy (`-token-file`); a subfolder, so the agent does not load them as config. */
  tokenDir: "/etc/consul.d/tokens",
  dataDir: "/opt/consul",
  appDir: "/opt/hybrid-mesh",
  unitDir: "/etc/systemd/system",
  caFile: "/etc/consul.d/tls/ca.pem",
} as const;

/** One file written on a host, with its owner group and mode. */
export interface HostFile {
  /** Absolute path on the host. */
  readonly path: string;
  /** Text; may hold Terraform references (secrets are references, never literals). */
  readonly content: string;
  /** Octal mode, e.g. "0640". */
  readonly mode: string;
  /** Group that may read it; the owner is root. @default "root" */
  readonly group?: string;
}

/** Serialises a JSON object the same way every time: 2-space indent and a final newline. */
export function renderJson(value: object): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A shell word, single-quoted unless it is plainly safe. */
export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Commands that give each placed file its owner, group and mode (after packages created the groups). */
export function permissionCommands(files: readonly HostFile[]): string[] {
  return files.map(
    (f) => `chown root:${f.group ?? "root"} ${shellQuote(f.path)} && chmod ${f.mode} ${shellQuote(f.path)}`,
  );
}

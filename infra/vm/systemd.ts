/** A systemd unit file as data: sections of keys; an array value repeats the key. */
export type UnitFile = Readonly<
  Record<string, Readonly<Record<string, string | number | boolean | readonly string[]>>>
>;

/**
 * Sandboxing every unit gets (systemd.exec(5)): no privilege gain, read-only system, private
 * /tmp and devices, no kernel or cgroup tampering, only the IP and Unix socket families, the
 * system-service syscall set, and no capabilities.
 */
export const SANDBOX = {
  NoNewPrivileges: true,
  ProtectSystem: "strict",
  ProtectHome: true,
  PrivateTmp: true,
  PrivateDevices: true,
  ProtectKernelTunables: true,
  ProtectKernelModules: true,
  ProtectKernelLogs: true,
  ProtectControlGroups: true,
  ProtectClock: true,
  ProtectHostname: true,
  RestrictNamespaces: true,
  RestrictRealtime: true,
  RestrictSUIDSGID: true,
  LockPersonality: true,
  SystemCallArchitectures: "native",
  SystemCallFilter: "@system-service",
  CapabilityBoundingSet: "",
  UMask: "0077",
} as const;

/** Renders a unit: `[Section]` then `Key=Value` lines, booleans as yes/no. */
export function renderUnit(unit: UnitFile): string {
  const lines: string[] = [];
  for (const [section, keys] of Object.entries(unit)) {
    if (lines.length) lines.push("");
    lines.push(`[${section}]`);
    for (const [key, value] of Object.entries(keys)) {
      const values = Array.isArray(value) ? value : [value];
      for (const v of values) lines.push(`${key}=${typeof v === "boolean" ? (v ? "yes" : "no") : String(v)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

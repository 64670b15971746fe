import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import type { ConnectivityConfig, KindEnvironmentConfig } from "../config/types";
import { cidrsOverlap, parseCidr, parseIpv4 } from "../config/cidr";
import { Problems } from "../constructs/errors";

/** The project root: `kindConfig` paths in the mesh config are relative to it. */
const PROJECT_ROOT = path.join(__dirname, "..");

/** What the stacks need from a kind cluster config file. */
export interface KindClusterFile {
  /** True when kind installs no CNI (kindnet); the onprem-kind stack then installs Calico. */
  readonly disableDefaultCNI: boolean;
  readonly podSubnet?: string;
  /** Host port → container (node) port, from every node's `extraPortMappings`. */
  readonly portMappings: readonly { readonly containerPort: number; readonly hostPort: number }[];
}

/** Reads the kind config of an environment; undefined when it cannot be read or parsed. */
function readKindClusterFile(env: KindEnvironmentConfig): KindClusterFile | undefined {
  let doc: {
    networking?: { disableDefaultCNI?: boolean; podSubnet?: string };
    nodes?: { extraPortMappings?: { containerPort?: number; hostPort?: number }[] }[];
  };
  try {
    doc = (YAML.parse(fs.readFileSync(path.resolve(PROJECT_ROOT, env.kindConfig), "utf8")) as typeof doc | null) ?? {};
  } catch {
    return undefined;
  }
  return {
    disableDefaultCNI: doc.networking?.disableDefaultCNI === true,
    podSubnet: doc.networking?.podSubnet,
    portMappings: (doc.nodes ?? [])
      .flatMap((n) => n.extraPortMappings ?? [])
      .map((m) => ({ containerPort: Number(m.containerPort), hostPort: Number(m.hostPort) })),
  };
}

/**
 * Checks what a real deploy of the on-prem kind cluster needs from its config and kind file:
 * the kind file exists, installs no default CNI (Calico is installed instead), and, with
 * connectivity "vpn", the gateway's advertised LAN address sits in a network the VPN routes and its
 * port is the host port the kind file maps to the gateway's NodePort. Throws every problem at once.
 */
export function validateKindEnvironment(
  where: string,
  ctx: { readonly name: string; readonly env: KindEnvironmentConfig; readonly connectivity: ConnectivityConfig },
  vpnRoutedCidrs: readonly string[],
): KindClusterFile {
  const p = new Problems(where);
  const at = `environments.${ctx.name}`;
  const gw = ctx.env.meshGateway;
  const file = readKindClusterFile(ctx.env);
  if (!file) {
    p.add(
      `${at}.kindConfig`,
      ctx.env.kindConfig,
      "cannot be read as a kind cluster config (the path is relative to the project root)",
    );
  } else {
    if (!file.disableDefaultCNI) {
      p.add(
        `${at}.kindConfig`,
        ctx.env.kindConfig,
        "must set networking.disableDefaultCNI: true; Consul's CNI plugin does not chain after kindnet, so the onprem stack installs Calico",
      );
    }
    if (!file.podSubnet || !parseCidr(file.podSubnet))
      p.add(`${at}.kindConfig`, ctx.env.kindConfig, "must set networking.podSubnet (Calico's IP pool)");
  }
  if (ctx.connectivity.type === "vpn") {
    if (gw.lanAddress === undefined) {
      p.add(
        `${at}.meshGateway.lanAddress`,
        undefined,
        "is required with connectivity vpn: the kind host's LAN address, which the VPN routes (NodeIP would advertise the node container's Docker-bridge address)",
      );
    } else if (!inRoutedNetwork(vpnRoutedCidrs, gw.lanAddress)) {
      p.add(
        `${at}.meshGateway.lanAddress`,
        gw.lanAddress,
        `is not in a network the VPN routes (${vpnRoutedCidrs.join(", ")}); the cloud gateway could not reach it`,
      );
    }
    const mapped = (file?.portMappings ?? []).filter((m) => m.containerPort === gw.nodePort).map((m) => m.hostPort);
    if (gw.hostPort === undefined) {
      p.add(
        `${at}.meshGateway.hostPort`,
        undefined,
        `is required with connectivity vpn: the host port ${ctx.env.kindConfig} maps to NodePort ${gw.nodePort}${mapped.length ? ` (${mapped.join(", ")})` : ""}`,
      );
    } else if (file && !mapped.includes(gw.hostPort)) {
      p.add(
        `${at}.meshGateway.hostPort`,
        gw.hostPort,
        mapped.length
          ? `is not the host port ${ctx.env.kindConfig} maps to NodePort ${gw.nodePort} (${mapped.join(", ")})`
          : `is advertised, but ${ctx.env.kindConfig} maps no host port to NodePort ${gw.nodePort} (nodes[].extraPortMappings)`,
      );
    }
  }
  p.throwIfAny();
  if (!file) throw new Error(`internal error: ${at}.kindConfig was not read, yet no problem was reported`);
  return file;
}

/** Whether `address` lies in one of `cidrs` (both already checked by the schema). */
function inRoutedNetwork(cidrs: readonly string[], address: string): boolean {
  const network = parseIpv4(address);
  if (network === undefined) return false;
  return cidrs.some((c) => {
    const cidr = parseCidr(c);
    return cidr !== undefined && cidrsOverlap(cidr, { network, prefix: 32 });
  });
}

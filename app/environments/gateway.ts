import type { KindEnvironmentConfig, VmEnvironmentConfig } from "../../config/types";
import type { EnvContext } from "./types";

/**
 * On-prem gateways (kind, VMs) are reachable over the VPN, or publicly only at a configured
 * public address; the hint says how to fix an unreachable one.
 */
export function unexposedGatewayHint(ctx: EnvContext<KindEnvironmentConfig | VmEnvironmentConfig>): string | undefined {
  if (ctx.connectivity.type === "vpn" || ctx.env.meshGateway.publicAddress) return undefined;
  return `connectivity is "public" and environments.${ctx.name}.meshGateway.publicAddress is not set; set it, or use connectivity type "vpn"`;
}

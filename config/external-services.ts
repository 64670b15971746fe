import { isIP } from "net";
import type { ConfigIssue } from "./errors";
import { show } from "../constructs/private/format";
import type { EnvironmentConfig, MeshConfig } from "./types";

/** Port the VM terminating gateway listens on (LAN), next to the mesh gateway's (8443 by default). */
export const TERMINATING_GATEWAY_PORT = 8444;

/** An RFC 1123 host name: dot-separated labels of letters, digits and '-', at most 253 characters. */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?(\.[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?)*\.?$/;

/**
 * Checks of `externalServices:` a schema cannot express: unique names apart from the mesh
 * services, an address the gateway can dial, and an environment whose terminating gateway this
 * project builds (kind and vm). Calls to them are checked by the topology verifier.
 */
export function checkExternalServices(config: MeshConfig): ConfigIssue[] {
  const problems: ConfigIssue[] = [];
  const add = (path: string, message: string) => problems.push({ path, message });
  const meshNames = new Map(config.services.map((s, i) => [s.name, i]));
  const seen = new Map<string, number>();
  const portClash = new Set<string>(); // environments whose gateway port clash is reported
  config.externalServices.forEach((e, i) => {
    const at = `externalServices[${i}]`;
    const first = seen.get(e.name);
    if (first !== undefined) add(`${at}.name`, `${show(e.name)} is a duplicate of externalServices[${first}]`);
    else seen.set(e.name, i);
    const clash = meshNames.get(e.name);
    if (clash !== undefined)
      add(
        `${at}.name`,
        `${show(e.name)} is already the mesh service services[${clash}]; an external service needs a name of its own`,
      );

    const ip = isIP(e.address) !== 0;
    if (!ip && (!HOST_NAME.test(e.address) || /^[\d.]+$/.test(e.address))) {
      add(`${at}.address`, `${show(e.address)} is neither an IP address nor a DNS name`);
    } else if (/^(127\.|0\.0\.0\.0$|::1?$)/.test(e.address) || e.address.toLowerCase() === "localhost") {
      add(
        `${at}.address`,
        `${show(e.address)} is the gateway's own host; give the address the legacy service listens on`,
      );
    }

    const env = config.environments[e.environment] as EnvironmentConfig | undefined; // an undeclared name reads undefined
    if (!env) {
      add(`${at}.environment`, `${show(e.environment)} is not a declared environment`);
    } else if (env.kind === "eks") {
      add(
        `${at}.environment`,
        `${show(e.environment)} is an eks environment; external services are reached through a terminating gateway in a kind or vm environment (EKS: not built yet)`,
      );
    } else if (env.kind === "kind" && !ip && e.protocol === "tcp") {
      // A destination named by host is matched on TLS SNI or the HTTP Host header, never on the
      // IP a plain TCP client dials (service-defaults Destination, Consul's terminating gateway docs).
      add(
        `${at}.address`,
        `${show(e.address)} is a DNS name with protocol "tcp": on kind the caller's transparent proxy matches a named destination by TLS SNI or HTTP Host only; give its IP address or protocol "http"`,
      );
    } else if (
      env.kind === "vm" &&
      env.meshGateway.port === TERMINATING_GATEWAY_PORT &&
      !portClash.has(e.environment)
    ) {
      portClash.add(e.environment);
      add(
        `environments.${e.environment}.meshGateway.port`,
        `${TERMINATING_GATEWAY_PORT} is the terminating gateway's port on the same host (externalServices[${i}] needs it); pick another`,
      );
    }
  });
  return problems;
}

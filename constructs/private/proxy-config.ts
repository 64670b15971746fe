import type {
  ServiceDefaultsEnvoyExtension,
  ServiceDefaultsExpose,
  ServiceDefaultsTransparentProxy,
} from "../crd-types";
import type { Problems } from "./problems";
import { checkInt, checkRequired, isToken } from "./validation";

/**
 * Checks of the proxy settings ServiceDefaults and ProxyDefaults share, after consul-k8s
 * control-plane/api/v1alpha1/shared_types.go (Expose, TransparentProxy, ProxyMode, EnvoyExtension).
 */

/** expose.paths[]: path begins with "/", protocol http or http2, ports in range. */
export function checkExpose(p: Problems, path: string, e: ServiceDefaultsExpose | undefined): void {
  (e?.paths ?? []).forEach((x, i) => {
    const xp = `${path}.paths[${i}]`;
    if (x.path !== undefined && !isToken(x.path) && !x.path.startsWith("/"))
      p.add(`${xp}.path`, x.path, 'must begin with "/"');
    if (x.protocol !== undefined && !isToken(x.protocol) && !["http", "http2"].includes(x.protocol))
      p.add(`${xp}.protocol`, x.protocol, 'is not allowed; use "http" or "http2"');
    checkInt(p, `${xp}.listenerPort`, x.listenerPort, 1, 65535);
    checkInt(p, `${xp}.localPathPort`, x.localPathPort, 1, 65535);
  });
}

/**
 * On Kubernetes, consul-k8s rejects `mode` and `transparentProxy.outboundListenerPort`: they are
 * set per pod by the `consul.hashicorp.com/transparent-proxy` and
 * `consul.hashicorp.com/transparent-proxy-outbound-listener-port` annotations.
 */
export function checkKubernetesProxyMode(
  p: Problems,
  kind: string,
  mode: string | undefined,
  tp: ServiceDefaultsTransparentProxy | undefined,
): void {
  if (mode !== undefined)
    p.add(
      `${kind}.mode`,
      mode,
      "cannot be set on Kubernetes; use the pod annotation consul.hashicorp.com/transparent-proxy",
    );
  if (tp?.outboundListenerPort !== undefined && tp.outboundListenerPort !== 0) {
    p.add(
      `${kind}.transparentProxy.outboundListenerPort`,
      tp.outboundListenerPort,
      "cannot be set on Kubernetes; use the pod annotation consul.hashicorp.com/transparent-proxy-outbound-listener-port",
    );
  }
}

/** envoyExtensions[]: a name each; arguments are a JSON object. */
export function checkEnvoyExtensions(
  p: Problems,
  path: string,
  exts: readonly ServiceDefaultsEnvoyExtension[] | undefined,
): void {
  (exts ?? []).forEach((x, i) => {
    checkRequired(p, `${path}[${i}].name`, x.name);
    const args: unknown = x.arguments; // JavaScript callers may pass anything here
    if (args !== undefined && (args === null || typeof args !== "object" || Array.isArray(args))) {
      p.add(`${path}[${i}].arguments`, x.arguments, "must be an object");
    }
  });
}

/** A JSON document given as a string (envoyClusterJSON, envoyListenerJSON, jsonFormat). */
export function checkJsonString(p: Problems, path: string, value: string | undefined): void {
  if (value === undefined || isToken(value)) return;
  try {
    JSON.parse(value);
  } catch {
    p.add(path, value, "is not valid JSON");
  }
}

import { Construct } from "constructs";
import type { ProxyDefaultsSpec } from "./crd-types";
import { Problems } from "./private/problems";
import { checkEnvoyExtensions, checkExpose, checkJsonString, checkKubernetesProxyMode } from "./private/proxy-config";
import { modeOf, pickSpec } from "./private/specs";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource, isConsulProvider } from "./private/target";
import {
  MESH_GATEWAY_MODES,
  MUTUAL_TLS_MODES,
  MeshGatewayMode,
  MutualTlsMode,
  PROTOCOLS,
  Protocol,
  checkEnum,
} from "./private/validation";

/** Where Envoy writes access logs. */
export const ACCESS_LOG_TYPES = ["stdout", "stderr", "file"] as const;
/** Where Envoy writes access logs. */
export type AccessLogType = (typeof ACCESS_LOG_TYPES)[number];

/** Envoy access logs of every proxy (spec.accessLogs). */
export interface ProxyAccessLogs {
  /**
   * Turn access logs on.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Log sink.
   * @default "stdout"
   */
  readonly type?: AccessLogType;
  /**
   * File to write to; only (and then required) with type "file".
   * @default - none
   */
  readonly path?: string;
  /**
   * JSON log format (a JSON object as a string); excludes textFormat.
   * @default - Consul's default JSON format
   */
  readonly jsonFormat?: string;
  /**
   * Text log format; excludes jsonFormat.
   * @default - none
   */
  readonly textFormat?: string;
  /**
   * Do not log connections rejected by listeners (e.g. by intentions).
   * @default false
   */
  readonly disableListenerLogs?: boolean;
}

/** Spec fields of ProxyDefaults that props take as the CRD names them. */
const PASSTHROUGH = [
  "envoyExtensions",
  "expose",
  "failoverPolicy",
  "mode",
  "prioritizeByLocality",
  "transparentProxy",
] as const;

/** Props of {@link ProxyDefaults}. */
export interface ProxyDefaultsProps extends ConsulResourceProps, Pick<ProxyDefaultsSpec, (typeof PASSTHROUGH)[number]> {
  /**
   * How proxies reach upstreams in other peers: "local" sends them through the local mesh gateway.
   * @default - unset (Consul's default, "none")
   */
  readonly meshGatewayMode?: MeshGatewayMode;
  /**
   * Default protocol of all services (rendered as spec.config.protocol).
   * @default - unset ("tcp")
   */
  readonly protocol?: Protocol;
  /**
   * Envoy access logs.
   * @default - no access logs
   */
  readonly accessLogs?: ProxyAccessLogs;
  /**
   * mTLS mode of inbound traffic. "permissive" needs Mesh `allowEnablingPermissiveMutualTLS`.
   * @default - unset ("strict")
   */
  readonly mutualTLSMode?: MutualTlsMode;
  /**
   * Other opaque proxy config (spec.config), e.g. `{ local_connect_timeout_ms: 2000 }`.
   * `protocol` wins over a `protocol` key here.
   * @default - none
   */
  readonly config?: { readonly [key: string]: string | number | boolean };
}

/**
 * The ProxyDefaults config entry (a singleton named "global"): defaults of every sidecar proxy.
 */
export class ProxyDefaults extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;

  constructor(scope: Construct, id: string, props: ProxyDefaultsProps = {}) {
    super(scope, id);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "ProxyDefaults", props);
    checkEnum(p, "ProxyDefaults.meshGatewayMode", props.meshGatewayMode, MESH_GATEWAY_MODES);
    checkEnum(p, "ProxyDefaults.protocol", props.protocol, PROTOCOLS);
    checkEnum(p, "ProxyDefaults.mutualTLSMode", props.mutualTLSMode, MUTUAL_TLS_MODES);
    if (props.config?.protocol !== undefined)
      checkEnum(p, "ProxyDefaults.config.protocol", String(props.config.protocol), PROTOCOLS);
    const logs = props.accessLogs;
    if (logs) {
      checkEnum(p, "ProxyDefaults.accessLogs.type", logs.type, ACCESS_LOG_TYPES);
      if (logs.type === "file" && !logs.path)
        p.add("ProxyDefaults.accessLogs.path", logs.path, 'is required when type is "file"');
      if (logs.type !== "file" && logs.path)
        p.add("ProxyDefaults.accessLogs.path", logs.path, 'is only valid when type is "file"');
      if (logs.jsonFormat && logs.textFormat)
        p.add(
          "ProxyDefaults.accessLogs.textFormat",
          logs.textFormat,
          "cannot be set together with jsonFormat; set one",
        );
      checkJsonString(p, "ProxyDefaults.accessLogs.jsonFormat", logs.jsonFormat);
    }
    checkExpose(p, "ProxyDefaults.expose", props.expose);
    checkEnvoyExtensions(p, "ProxyDefaults.envoyExtensions", props.envoyExtensions);
    // On VMs (a Consul provider) the proxy mode is the service definition\'s to choose.
    if (!isConsulProvider(props.provider))
      checkKubernetesProxyMode(p, "ProxyDefaults", props.mode, props.transparentProxy);
    checkEnum(p, "ProxyDefaults.failoverPolicy.mode", props.failoverPolicy?.mode, ["sequential", "order-by-locality"]);
    checkEnum(p, "ProxyDefaults.prioritizeByLocality.mode", props.prioritizeByLocality?.mode, ["none", "failover"]);
    p.throwIfAny();

    this.resource = createConsulResource(this, {
      kind: "ProxyDefaults",
      name: "global",
      props,
      spec: buildProxyDefaultsSpec(props),
    });
  }
}

/** The spec of a ProxyDefaults. */
export function buildProxyDefaultsSpec(props: ProxyDefaultsProps): ProxyDefaultsSpec {
  const config = { ...(props.config ?? {}), ...(props.protocol ? { protocol: props.protocol } : {}) };
  const logs = props.accessLogs;
  return {
    ...pickSpec(props, PASSTHROUGH),
    meshGateway: modeOf(props.meshGatewayMode),
    config: Object.keys(config).length ? config : undefined,
    mutualTLSMode: props.mutualTLSMode,
    accessLogs: logs ? { ...logs, enabled: logs.enabled ?? true } : undefined,
  };
}

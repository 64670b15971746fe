import { Construct } from "constructs";
import { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { Problems } from "./private/problems";
import { ConsulResourceProps } from "./consul-resource";
import { checkConsulResourceProps, createConsulManifest } from "./private/kubernetes";
import { checkEnum } from "./private/validation";

/** TLS versions Envoy accepts in the Mesh config entry. */
export const TLS_VERSIONS = ["TLS_AUTO", "TLSv1_0", "TLSv1_1", "TLSv1_2", "TLSv1_3"] as const;
/** A TLS version Envoy accepts in the Mesh config entry. */
export type TlsVersion = (typeof TLS_VERSIONS)[number];

/** Props of {@link Mesh}. */
export interface MeshProps extends ConsulResourceProps {
  /**
   * Route peering control-plane traffic through the mesh gateways, so servers need not be reachable
   * across environments. Needed when the peers only see each other's gateways.
   * @default true
   */
  readonly peerThroughMeshGateways?: boolean;
  /**
   * Lowest TLS version of sidecar listeners and upstream clusters (spec.tls.incoming/outgoing).
   * @default - Consul's default (TLSv1_2)
   */
  readonly tlsMinVersion?: TlsVersion;
  /**
   * Highest TLS version of sidecar listeners and upstream clusters.
   * @default - Consul's default (TLS_AUTO)
   */
  readonly tlsMaxVersion?: TlsVersion;
  /**
   * Allow services and proxy-defaults to set `mutualTLSMode: permissive`.
   * @default - unset (false: permissive mode cannot be enabled)
   */
  readonly allowEnablingPermissiveMutualTLS?: boolean;
  /**
   * With transparent proxy, only allow outbound traffic to destinations in the mesh.
   * @default - unset (false)
   */
  readonly meshDestinationsOnly?: boolean;
}

/**
 * The Mesh config entry (a singleton named "mesh"): mesh-wide TLS and peering settings.
 */
export class Mesh extends Construct {
  /** The emitted `kubernetes_manifest`. */
  public readonly resource: Manifest;

  constructor(scope: Construct, id: string, props: MeshProps = {}) {
    super(scope, id);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "Mesh", props);
    checkEnum(p, "Mesh.tlsMinVersion", props.tlsMinVersion, TLS_VERSIONS);
    checkEnum(p, "Mesh.tlsMaxVersion", props.tlsMaxVersion, TLS_VERSIONS);
    const order = (v?: string) => (v ? TLS_VERSIONS.indexOf(v as TlsVersion) : -1);
    if (order(props.tlsMinVersion) > 0 && order(props.tlsMaxVersion) > 0 && order(props.tlsMinVersion) > order(props.tlsMaxVersion)) {
      p.add("Mesh.tlsMinVersion", props.tlsMinVersion, `is above tlsMaxVersion ${JSON.stringify(props.tlsMaxVersion)}`);
    }
    p.throwIfAny();

    const tlsDir = props.tlsMinVersion || props.tlsMaxVersion ? { tlsMinVersion: props.tlsMinVersion, tlsMaxVersion: props.tlsMaxVersion } : undefined;
    this.resource = createConsulManifest(this, {
      kind: "Mesh",
      name: "mesh",
      props,
      spec: {
        peering: { peerThroughMeshGateways: props.peerThroughMeshGateways ?? true },
        tls: tlsDir ? { incoming: tlsDir, outgoing: tlsDir } : undefined,
        allowEnablingPermissiveMutualTLS: props.allowEnablingPermissiveMutualTLS,
        transparentProxy: props.meshDestinationsOnly === undefined ? undefined : { meshDestinationsOnly: props.meshDestinationsOnly },
      },
    });
  }
}

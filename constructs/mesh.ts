import { Construct } from "constructs";
import { ConsulTarget } from "./consul-target";
import type { MeshHttp, MeshSpec, MeshTls } from "./crd-types";
import { Problems } from "./private/problems";
import { ConsulEntryResource, ConsulResourceProps } from "./consul-resource";
import { checkConsulResourceProps } from "./private/kubernetes";
import { createConsulResource } from "./private/target";
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
  /**
   * TLS per direction (incoming listeners, outgoing clusters), with cipher suites. Excludes
   * tlsMinVersion and tlsMaxVersion, which set both directions.
   * @default - Consul's defaults
   */
  readonly tls?: MeshTls;
  /**
   * HTTP settings: XFCC sanitizing and incoming request normalization.
   * @default - Consul's defaults
   */
  readonly http?: MeshHttp;
  /**
   * Reject proxy configs whose Envoy clusters Consul cannot validate.
   * @default - unset (false)
   */
  readonly validateClusters?: boolean;
}

/**
 * The Mesh config entry (a singleton named "mesh"): mesh-wide TLS and peering settings.
 */
export class Mesh extends Construct {
  /** The emitted `kubernetes_manifest`, or `consul_config_entry` with a Consul provider. */
  public readonly resource: ConsulEntryResource;

  constructor(scope: Construct, id: string, props: MeshProps = {}) {
    super(scope, id);
    const target = ConsulTarget.of(this);
    const p = new Problems(this.node.path);
    checkConsulResourceProps(p, "Mesh", props);
    checkTlsRange(p, "Mesh", props);
    for (const dir of ["incoming", "outgoing"] as const)
      if (props.tls?.[dir]) checkTlsRange(p, `Mesh.tls.${dir}`, props.tls[dir]);
    if (props.tls && (props.tlsMinVersion || props.tlsMaxVersion))
      p.add("Mesh.tls", props.tls, "cannot be set together with tlsMinVersion/tlsMaxVersion; use one");
    // consul-k8s mesh_types.go PeeringMeshConfig.validate: only the default partition may route
    // peering through the mesh gateways.
    if (props.peerThroughMeshGateways === true && target.partitions && target.partition !== "default") {
      p.add(
        "Mesh.peerThroughMeshGateways",
        true,
        `is only allowed in the "default" partition (this target is partition ${JSON.stringify(target.partition)}); set it to false`,
      );
    }
    p.throwIfAny();

    this.resource = createConsulResource(this, {
      kind: "Mesh",
      name: "mesh",
      props,
      spec: buildMeshSpec(props, target.partition),
    });
  }
}

function checkTlsRange(
  p: Problems,
  path: string,
  t: { readonly tlsMinVersion?: string; readonly tlsMaxVersion?: string },
): void {
  checkEnum(p, `${path}.tlsMinVersion`, t.tlsMinVersion, TLS_VERSIONS);
  checkEnum(p, `${path}.tlsMaxVersion`, t.tlsMaxVersion, TLS_VERSIONS);
  const order = (v?: string) => (v ? TLS_VERSIONS.indexOf(v as TlsVersion) : -1);
  if (order(t.tlsMinVersion) > 0 && order(t.tlsMaxVersion) > 0 && order(t.tlsMinVersion) > order(t.tlsMaxVersion)) {
    p.add(`${path}.tlsMinVersion`, t.tlsMinVersion, `is above tlsMaxVersion ${JSON.stringify(t.tlsMaxVersion)}`);
  }
}

/** The spec of the Mesh entry; `partition` is the target's (peering through gateways defaults on only in "default"). */
export function buildMeshSpec(props: MeshProps, partition = "default"): MeshSpec {
  const both =
    props.tlsMinVersion || props.tlsMaxVersion
      ? { tlsMinVersion: props.tlsMinVersion, tlsMaxVersion: props.tlsMaxVersion }
      : undefined;
  return {
    peering: { peerThroughMeshGateways: props.peerThroughMeshGateways ?? partition === "default" },
    tls: both ? { incoming: both, outgoing: both } : props.tls,
    http: props.http,
    allowEnablingPermissiveMutualTLS: props.allowEnablingPermissiveMutualTLS,
    transparentProxy:
      props.meshDestinationsOnly === undefined ? undefined : { meshDestinationsOnly: props.meshDestinationsOnly },
    validateClusters: props.validateClusters,
  };
}

import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { ConsulPeering } from "../constructs/consul-peering";
import { MeshWorkload } from "../constructs/mesh-workload";
import type { EnvironmentPlan, UpstreamPlan } from "../constructs/topology";
import { APPS_NAMESPACE, CONSUL_NAMESPACE } from "../infra/namespaces";
import type { ClusterAccessor, PeerAccess } from "./cluster";
import { renderMeshConfig } from "./mesh-config";
import { upstreamUrl } from "./terminating-gateway-objects";

export interface MeshStackProps {
  /** The environment's name: its peer name at the acceptors. */
  readonly envName: string;
  readonly access: ClusterAccessor;
  /** Full image reference for a service, resolved in `scope`. */
  readonly image: (scope: Construct, service: string) => string;
  /** This environment's part of the derived topology. */
  readonly plan: EnvironmentPlan;
  /** Acceptors this environment dials, with the peering version. */
  readonly dialsTo: readonly PeerAccess[];
}

/**
 * mesh-<env>: the Consul config entries and workloads of one environment, all derived from the
 * topology plan; and, on the dialing side, the automated peering with each acceptor.
 */
export class MeshStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: MeshStackProps) {
    super(scope, id);
    const { envName, plan } = props;
    const { kubernetes: provider } = props.access(this);
    const common = { provider, namespace: CONSUL_NAMESPACE };

    const { mesh } = renderMeshConfig(this, plan, common);
    for (const w of plan.workloads) {
      new MeshWorkload(this, `workload-${w.service}`, {
        provider,
        namespace: APPS_NAMESPACE,
        service: w.service,
        partOf: "hybrid-mesh",
        env: demoAppEnv(w.service, envName, w.port, w.upstreams),
        image: props.image(this, w.service),
        port: w.port,
        protocol: w.protocol as "http",
        upstreams: w.upstreams
          .filter((u) => !u.external)
          .map((u) => ({ name: u.service, localPort: u.localPort, annotation: u.annotation })),
      });
    }

    // The dialer's token Secret is write-only (data_wo), which Terraform understands from 1.11 on.
    if (props.dialsTo.length) this.addOverride("terraform.required_version", ">= 1.11.0");
    for (const peer of props.dialsTo) {
      const acceptorAccess = peer.access(this, { alias: peer.name });
      new ConsulPeering(this, `peering-${peer.name}`, {
        acceptor: { provider: acceptorAccess.kubernetes, peerName: envName, namespace: CONSUL_NAMESPACE },
        // Dial only once this cluster peers through its gateways; the acceptor's Mesh is in its own
        // mesh stack, which this one depends on.
        dialer: { provider, peerName: peer.name, namespace: CONSUL_NAMESPACE, dependsOn: [mesh.resource] },
        version: peer.version,
      });
    }
  }
}

/** The demo app's environment contract (apps/): its name, environment, port and upstream URLs via the sidecar. */
export function demoAppEnv(
  service: string,
  environment: string,
  port: number,
  upstreams: readonly Pick<UpstreamPlan, "service" | "localPort" | "external">[],
): Record<string, string> {
  return {
    SERVICE_NAME: service,
    ENVIRONMENT: environment,
    PORT: String(port),
    UPSTREAMS: upstreams.map((u) => `${u.service}=${upstreamUrl(u)}`).join(","),
  };
}

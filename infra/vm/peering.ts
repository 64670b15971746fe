import type { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { Peering } from "@cdktf/provider-consul/lib/peering";
import { DataKubernetesSecretV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1";
import { PEERING_VERSION_ANNOTATION } from "../../constructs/peering-common";
import { PeeringAcceptor } from "../../constructs/peering-acceptor";

export interface VmPeeringProps {
  /** Kubernetes provider (alias) of the accepting cluster. */
  readonly acceptorProvider: TerraformProvider;
  /** Namespace of Consul in the accepting cluster. */
  readonly acceptorNamespace: string;
  /** Name the acceptor gives the VM datacenter (the VM environment's name). */
  readonly acceptorPeerName: string;
  /** Consul provider of the VM datacenter. */
  readonly dialerProvider: TerraformProvider;
  /** Name the VM datacenter gives the acceptor. */
  readonly dialerPeerName: string;
  /** The peering-version; bump to re-peer. */
  readonly version: number;
  /** What must exist before dialing (e.g. the gateway running). @default - none */
  readonly dependsOn?: ITerraformDependable[];
}

/**
 * A VM datacenter dials a Kubernetes acceptor, the same way ConsulPeering does between two
 * clusters: PeeringAcceptor (waits until consul-k8s wrote the token of this version) → its token
 * Secret read by reference → `consul_peering` on the VM side. Bumping the version makes
 * consul-k8s write a new token; `peering_token` and `meta` are ForceNew in the consul provider
 * (terraform-provider-consul consul/resource_consul_peering.go), so the dialer re-establishes.
 */
export class VmPeering extends Construct {
  public readonly acceptor: PeeringAcceptor;
  public readonly tokenSource: DataKubernetesSecretV1;
  public readonly peering: Peering;

  constructor(scope: Construct, id: string, props: VmPeeringProps) {
    super(scope, id);
    this.acceptor = new PeeringAcceptor(this, "Acceptor", {
      provider: props.acceptorProvider,
      namespace: props.acceptorNamespace,
      peerName: props.acceptorPeerName,
      peeringVersion: props.version,
      waitForToken: true,
    });
    this.tokenSource = new DataKubernetesSecretV1(this, "TokenSource", {
      provider: props.acceptorProvider,
      metadata: { name: this.acceptor.secret.name, namespace: props.acceptorNamespace },
      dependsOn: [this.acceptor.resource],
    });
    this.peering = new Peering(this, "Dialer", {
      provider: props.dialerProvider,
      peerName: props.dialerPeerName,
      peeringToken: this.tokenSource.data.lookup(this.acceptor.secret.key),
      meta: { [PEERING_VERSION_ANNOTATION]: String(props.version) },
      dependsOn: props.dependsOn,
    });
  }
}

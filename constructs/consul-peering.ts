import { ITerraformDependable, TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { DataKubernetesSecretV1 } from "@cdktf/provider-kubernetes/lib/data-kubernetes-secret-v1";
import { SecretV1 } from "@cdktf/provider-kubernetes/lib/secret-v1";
import { Problems } from "./private/problems";
import { DEFAULT_CONSUL_NAMESPACE } from "./consul-resource";
import { PeeringAcceptor } from "./peering-acceptor";
import { PeeringDialer } from "./peering-dialer";
import { checkDnsLabel, checkInt, checkRequired } from "./private/validation";

/** One side of a {@link ConsulPeering}. */
export interface ConsulPeeringSide {
  /** Kubernetes provider (alias) of this side's cluster. */
  readonly provider: TerraformProvider;
  /**
   * Name this side gives the other side, e.g. the acceptor (cloud) calls the dialer "onprem",
   * the dialer (on-prem) calls the acceptor "cloud".
   */
  readonly peerName: string;
  /**
   * Kubernetes namespace of this side's peering resource and token Secret (where Consul runs).
   * @default "consul"
   */
  readonly namespace?: string;
  /**
   * Resources this side's resources wait for, e.g. this cluster's `Mesh` (peer through mesh
   * gateways) or the consul `helm_release`.
   * @default - none
   */
  readonly dependsOn?: ITerraformDependable[];
}

/** Props of {@link ConsulPeering}. */
export interface ConsulPeeringProps {
  /** The side the other can reach (its mesh gateway is reachable), e.g. the cloud. */
  readonly acceptor: ConsulPeeringSide;
  /** The side that dials out, e.g. on-prem behind NAT. */
  readonly dialer: ConsulPeeringSide;
  /**
   * Peering version (the `consul.hashicorp.com/peering-version` annotation on both sides).
   * Increase it to generate a new token and re-establish the peering.
   * @default 1
   */
  readonly version?: number;
}

/**
 * Peers two Consul clusters from one stack, in one direction:
 * PeeringAcceptor (acceptor cluster) → token Secret written by consul-k8s → read by a
 * `kubernetes_secret_v1` data source → copied to a Secret in the dialer cluster → PeeringDialer.
 *
 * The token only appears as a reference to the (sensitive) data source attribute; it is never a
 * literal in the synthesized configuration and never an output. The dialer's Secret takes it through
 * the write-only `data_wo` (Terraform >= 1.11), so the Secret keeps no copy in state; the data
 * source that reads it does, so the state of the stack holding this construct holds the token:
 * keep that state encrypted and locked (an S3 backend). The write-only value is sent again when its
 * revision, the peering version, changes.
 *
 * Both peering resources wait for their own `status.latestPeeringVersion`: the token is read only
 * after consul-k8s wrote this version's token, and a dial Consul rejects fails the apply.
 */
export class ConsulPeering extends Construct {
  /** The PeeringAcceptor in the acceptor cluster. */
  public readonly acceptor: PeeringAcceptor;
  /** The data source reading the token Secret in the acceptor cluster. */
  public readonly tokenSource: DataKubernetesSecretV1;
  /** The token Secret in the dialer cluster. */
  public readonly tokenSecret: SecretV1;
  /** The PeeringDialer in the dialer cluster. */
  public readonly dialer: PeeringDialer;

  constructor(scope: Construct, id: string, props: ConsulPeeringProps) {
    super(scope, id);
    const p = new Problems(this.node.path);
    for (const side of ["acceptor", "dialer"] as const) {
      const s = props[side];
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
      if (!s) {
        p.add(`ConsulPeering.${side}`, s, "is required");
        continue;
      }
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
      if (!s.provider)
        p.add(`ConsulPeering.${side}.provider`, undefined, "is required; pass the kubernetes provider of that cluster");
      if (checkRequired(p, `ConsulPeering.${side}.peerName`, s.peerName))
        checkDnsLabel(p, `ConsulPeering.${side}.peerName`, s.peerName);
      checkDnsLabel(p, `ConsulPeering.${side}.namespace`, s.namespace);
    }
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
    if (props.acceptor?.provider && props.acceptor.provider === props.dialer?.provider) {
      p.add(
        "ConsulPeering.dialer.provider",
        props.dialer.provider.node.path,
        "is the acceptor's provider; a cluster cannot peer with itself, pass the other cluster's provider",
      );
    }
    checkInt(p, "ConsulPeering.version", props.version, 1, Number.MAX_SAFE_INTEGER);
    p.throwIfAny();

    const version = props.version ?? 1;
    const acceptorNs = props.acceptor.namespace ?? DEFAULT_CONSUL_NAMESPACE;
    const dialerNs = props.dialer.namespace ?? DEFAULT_CONSUL_NAMESPACE;

    this.acceptor = new PeeringAcceptor(this, "Acceptor", {
      provider: props.acceptor.provider,
      namespace: acceptorNs,
      peerName: props.acceptor.peerName,
      peeringVersion: version,
      waitForToken: true,
      dependsOn: props.acceptor.dependsOn,
    });

    this.tokenSource = new DataKubernetesSecretV1(this, "TokenSource", {
      provider: props.acceptor.provider,
      metadata: { name: this.acceptor.secret.name, namespace: acceptorNs },
      dependsOn: [this.acceptor.resource],
    });

    const dialerSecretName = `peering-token-${props.dialer.peerName}`;
    const key = this.acceptor.secret.key;
    this.tokenSecret = new SecretV1(this, "TokenSecret", {
      provider: props.dialer.provider,
      metadata: {
        name: dialerSecretName,
        namespace: dialerNs,
        labels: { "app.kubernetes.io/managed-by": "terraform", "consul.hashicorp.com/peering-token": "true" },
      },
      type: "Opaque",
      dataWo: { [key]: this.tokenSource.data.lookup(key) },
      dataWoRevision: version,
      dependsOn: props.dialer.dependsOn,
    });

    this.dialer = new PeeringDialer(this, "Dialer", {
      provider: props.dialer.provider,
      namespace: dialerNs,
      peerName: props.dialer.peerName,
      secretName: dialerSecretName,
      secretKey: key,
      peeringVersion: version,
      dependsOn: [this.tokenSecret, ...(props.dialer.dependsOn ?? [])],
    });
  }
}

import { TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ConsulPeering } from "../../constructs/consul-peering";
import { newStack, problemsOf, synthJson } from "./helpers";
import { at, resourcesById } from "../support";

// ConsulPeering's props at each boundary: a side or a provider missing (a JavaScript caller's),
// an empty peer name, a bad namespace; and what the token Secret and the dialer carry when no
// dependencies are given.

const LABEL =
  'is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)';

/** A stack with two kubernetes providers, one per cluster. */
function twoClusters(): { stack: TerraformStack; cloud: KubernetesProvider; onprem: KubernetesProvider } {
  const stack = newStack();
  return {
    stack,
    cloud: new KubernetesProvider(stack, "cloud", { alias: "cloud" }),
    onprem: new KubernetesProvider(stack, "onprem", { alias: "onprem" }),
  };
}

describe("ConsulPeering props boundaries", () => {
  it("reports a missing acceptor, and a missing dialer, as required", () => {
    // given
    const { stack, cloud, onprem } = twoClusters();
    // when
    const noAcceptor = problemsOf(
      () => new ConsulPeering(stack, "a", { dialer: { provider: onprem, peerName: "cloud" } } as never),
    );
    const noDialer = problemsOf(
      () => new ConsulPeering(stack, "d", { acceptor: { provider: cloud, peerName: "onprem" } } as never),
    );
    // then
    expect([noAcceptor, noDialer]).toEqual([
      ["test/a: ConsulPeering.acceptor: undefined is required"],
      ["test/d: ConsulPeering.dialer: undefined is required"],
    ]);
  });

  it("reports a side without a provider, naming what to pass", () => {
    // given
    const { stack, cloud } = twoClusters();
    // when
    const problems = problemsOf(
      () =>
        new ConsulPeering(stack, "p", {
          acceptor: { provider: cloud, peerName: "onprem" },
          dialer: { peerName: "cloud" },
        } as never),
    );
    // then
    expect(problems).toEqual([
      "test/p: ConsulPeering.dialer.provider: undefined is required; pass the kubernetes provider of that cluster",
    ]);
  });

  it("reports an empty peer name once, as required, and a namespace that is not a DNS label", () => {
    // given
    const { stack, cloud, onprem } = twoClusters();
    // when
    const problems = problemsOf(
      () =>
        new ConsulPeering(stack, "p", {
          acceptor: { provider: cloud, peerName: "onprem", namespace: "Consul" },
          dialer: { provider: onprem, peerName: "" },
        }),
    );
    // then
    expect(problems).toEqual([
      `test/p: ConsulPeering.acceptor.namespace: "Consul" ${LABEL}`,
      'test/p: ConsulPeering.dialer.peerName: "" is required',
    ]);
  });

  it("labels the dialer's token Secret as a Terraform-managed peering token, of type Opaque", () => {
    // given
    const { stack, cloud, onprem } = twoClusters();
    const peering = new ConsulPeering(stack, "p", {
      acceptor: { provider: cloud, peerName: "onprem" },
      dialer: { provider: onprem, peerName: "cloud" },
    });
    // when
    const secret = resourcesById(synthJson(stack), "kubernetes_secret_v1")[stack.getLogicalId(peering.tokenSecret)];
    // then
    expect([at(secret, "metadata.labels"), at(secret, "type")]).toEqual([
      { "app.kubernetes.io/managed-by": "terraform", "consul.hashicorp.com/peering-token": "true" },
      "Opaque",
    ]);
  });

  it("makes the dialer wait for its token Secret alone when its side has no dependencies", () => {
    // given
    const { stack, cloud, onprem } = twoClusters();
    const peering = new ConsulPeering(stack, "p", {
      acceptor: { provider: cloud, peerName: "onprem" },
      dialer: { provider: onprem, peerName: "cloud" },
    });
    // when
    const dialer = resourcesById(synthJson(stack), "kubernetes_manifest")[stack.getLogicalId(peering.dialer.resource)];
    // then
    expect(at(dialer, "depends_on")).toEqual([`kubernetes_secret_v1.${stack.getLogicalId(peering.tokenSecret)}`]);
  });
});

import { ConsulProvider } from "@cdktf/provider-consul/lib/provider";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { PeeringAcceptor } from "../../constructs/peering-acceptor";
import { checkKubernetesProvider, isConsulProvider } from "../../constructs/private/target";
import { Problems } from "../../constructs/private/problems";
import { manifests } from "../support";
import { newStack, problemsOf, synthJson } from "./helpers";

// The target a provider picks, at its boundary: a Consul provider, a kubernetes provider, none.

describe("checkKubernetesProvider", () => {
  it("stays silent for a kubernetes provider and for none, and refuses a Consul provider", () => {
    // given
    const stack = newStack();
    const providers = [new KubernetesProvider(stack, "k8s", {}), undefined, new ConsulProvider(stack, "consul", {})];
    // when
    const counts = providers.map((provider) => {
      const p = new Problems("test/x");
      checkKubernetesProvider(p, "PeeringAcceptor", provider);
      return p.count;
    });
    // then
    expect(counts).toEqual([0, 0, 1]);
    expect(providers.map(isConsulProvider)).toEqual([false, false, true]);
  });

  it("lets a Kubernetes-only kind render its custom resource on a kubernetes provider", () => {
    // given
    const stack = newStack();
    const provider = new KubernetesProvider(stack, "k8s", {});
    // when
    new PeeringAcceptor(stack, "a", { provider, peerName: "cloud" });
    // then
    expect(manifests(synthJson(stack)).map((m) => m.kind)).toEqual(["PeeringAcceptor"]);
  });

  it("refuses it on a Consul provider", () => {
    // given
    const stack = newStack();
    const provider = new ConsulProvider(stack, "consul", {});
    // when
    const problems = problemsOf(() => new PeeringAcceptor(stack, "a", { provider, peerName: "cloud" }));
    // then
    expect(problems).toEqual([
      'test/a: PeeringAcceptor.provider: "test/consul" is a Consul provider, but PeeringAcceptor is a consul-k8s resource, not a Consul config entry (consul-k8s generates the peering token into a Kubernetes Secret); with a Consul provider generate the token with consul_peering_token; give it a kubernetes provider',
    ]);
  });
});

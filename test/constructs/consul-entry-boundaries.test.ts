import { Lazy, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { ConsulProvider } from "@cdktf/provider-consul/lib/provider";
import { ServiceDefaults } from "../../constructs/service-defaults";
import { TerminatingGateway } from "../../constructs/terminating-gateway";
import { createConsulConfigEntry, refuseConsulProvider } from "../../constructs/private/consul-entry";
import { Problems } from "../../constructs/private/problems";
import { resources } from "../support";
import { newStack, problemsOf, synthJson } from "./helpers";

// The Consul target at each boundary: a kind with no config entry (named or not), a spec checked at
// construction, the missing provider, and entries whose name is a token (never claimed).

const consulOf = (stack: TerraformStack) => new ConsulProvider(stack, "consul", { address: "consul-1:8501" });
const REFUSE = "is a Consul provider, but";

describe("createConsulConfigEntry: kinds without a config entry", () => {
  it("refuses a kind it has no config entry for, with the reason a Kubernetes-only kind has none", () => {
    // given
    const stack = newStack();
    const provider = consulOf(stack);
    const entry = (kind: string) => () =>
      createConsulConfigEntry(new Construct(stack, kind), { kind, name: "x", props: { provider }, spec: {} });
    // when
    const problems = [problemsOf(entry("Unknown")), problemsOf(entry("PeeringDialer"))];
    // then
    expect(problems).toEqual([
      [
        `test/Unknown: Unknown.provider: "test/consul" ${REFUSE} Unknown has no Consul config entry; give it a kubernetes provider`,
      ],
      [
        `test/PeeringDialer: PeeringDialer.provider: "test/consul" ${REFUSE} PeeringDialer is a consul-k8s resource, not a Consul config entry (it reads the peering token from a Kubernetes Secret); with a Consul provider establish the peering with consul_peering; give it a kubernetes provider`,
      ],
    ]);
  });

  it("names no provider when none is given", () => {
    // given
    const p = new Problems("test/x");
    // when
    refuseConsulProvider(p, "MeshWorkload", undefined);
    // then
    expect(
      problemsOf(() => {
        p.throwIfAny();
      }),
    ).toEqual([
      `test/x: MeshWorkload.provider: undefined ${REFUSE} MeshWorkload is a Kubernetes Deployment, Service and ServiceAccount, not a Consul config entry; on VMs run the service under systemd with an agent service definition; give it a kubernetes provider`,
    ]);
  });

  it("needs the Consul provider", () => {
    // given
    const stack = newStack();
    // when
    const create = () =>
      createConsulConfigEntry(new Construct(stack, "m"), { kind: "Mesh", name: "mesh", props: {}, spec: {} });
    // then
    expect(create).toThrow(new Error("internal error: a config entry needs its Consul provider"));
  });
});

describe("createConsulConfigEntry: when the spec is checked", () => {
  it("refuses a consul-k8s-only field of a spec known now at once, before any synth", () => {
    // given
    const stack = newStack();
    const provider = consulOf(stack);
    const spec = { deployment: { logLevel: "debug" }, services: [{ name: "a" }] };
    // when
    const problems = problemsOf(() =>
      createConsulConfigEntry(new Construct(stack, "t"), {
        kind: "TerminatingGateway",
        name: "t",
        props: { provider },
        spec,
      }),
    );
    // then
    expect(problems).toEqual([
      'test/t: TerminatingGateway.deployment: {"logLevel":"debug"} configures consul-k8s and has no place in a Consul config entry; remove it for a Consul provider',
    ]);
  });

  it("stays silent for a gateway without them", () => {
    // given
    const stack = newStack();
    // when
    new TerminatingGateway(stack, "t", { provider: consulOf(stack), services: [{ name: "a" }] });
    // then
    expect(resources(synthJson(stack), "consul_config_entry")).toHaveLength(1);
  });
});

describe("createConsulConfigEntry: entries whose name is a token", () => {
  it("claims no entry whose name is known only at apply, even the same token twice", () => {
    // given
    const stack = newStack();
    const provider = consulOf(stack);
    const service = Lazy.stringValue({ produce: () => "web" });
    // when
    new ServiceDefaults(stack, "a", { provider, service });
    new ServiceDefaults(stack, "b", { provider, service });
    // then
    expect(resources(synthJson(stack), "consul_config_entry")).toHaveLength(2);
  });

  it("refuses the same literal name twice", () => {
    // given
    const stack = newStack();
    const provider = consulOf(stack);
    new ServiceDefaults(stack, "a", { provider, service: "web" });
    // when
    const problems = problemsOf(() => new ServiceDefaults(stack, "b", { provider, service: "web" }));
    // then
    expect(problems).toEqual([
      'test/b: the ServiceDefaults config entry "web" on test/consul is already defined by test/a; define it once (add to that construct instead)',
    ]);
  });
});

import { App, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { CONSUL_CE, CONSUL_TARGET_CONTEXT, ConsulTarget } from "../../constructs/consul-target";
import { ExportedServices } from "../../constructs/exported-services";
import { Mesh } from "../../constructs/mesh";
import { ServiceDefaults } from "../../constructs/service-defaults";
import { ServiceIntentions } from "../../constructs/service-intentions";
import { ServiceResolver } from "../../constructs/service-resolver";
import { TerminatingGateway } from "../../constructs/terminating-gateway";
import { newStack, onlyManifest, problemsOf } from "./helpers";

const NS =
  'needs Consul Enterprise namespaces; set ConsulTarget { edition: "enterprise", namespaces: true } on the scope';
const PART =
  'needs Consul Enterprise admin partitions; set ConsulTarget { edition: "enterprise", partitions: true } on the scope';
const SG = 'needs Consul Enterprise (sameness groups); set ConsulTarget { edition: "enterprise" } on the scope';

function target(props: Parameters<typeof ConsulTarget.set>[1]): TerraformStack {
  const stack = newStack();
  ConsulTarget.set(stack, props);
  return stack;
}

describe("ConsulTarget", () => {
  it("defaults to Consul CE with namespaces and partitions off", () => {
    expect(ConsulTarget.of(newStack())).toEqual(CONSUL_CE);
  });

  it("is read from the nearest scope, then from the app context", () => {
    const app = Testing.app({ context: { [CONSUL_TARGET_CONTEXT]: { edition: "enterprise", namespaces: true } } });
    const stack = new TerraformStack(app, "s");
    const team = new Construct(stack, "team");
    ConsulTarget.set(team, { edition: "enterprise", partitions: true, partition: "team" });
    expect(ConsulTarget.of(new Construct(stack, "other"))).toEqual({
      edition: "enterprise",
      namespaces: true,
      partitions: false,
      partition: "default",
    });
    expect(ConsulTarget.of(new Construct(team, "child"))).toEqual({
      edition: "enterprise",
      namespaces: false,
      partitions: true,
      partition: "team",
    });
  });

  it("rejects Enterprise features on CE and a partition without partitions", () => {
    expect(
      problemsOf(() =>
        ConsulTarget.set(new TerraformStack(new App(), "s"), { namespaces: true, partitions: true, partition: "eu" }),
      ),
    ).toEqual([
      's: ConsulTarget.namespaces: true needs edition "enterprise" (Consul CE has no namespaces)',
      's: ConsulTarget.partitions: true needs edition "enterprise" (Consul CE has no admin partitions)',
    ]);
    expect(problemsOf(() => ConsulTarget.set(newStack(), { edition: "enterprise", partition: "eu" }))).toEqual([
      'test: ConsulTarget.partition: "eu" needs partitions: true',
    ]);
  });

  describe("with Consul CE (the default), rejects what the webhook rejects with namespaces and partitions off", () => {
    it.each<[string, (s: TerraformStack) => unknown, string[]]>([
      [
        "ServiceIntentions namespaces, partitions and sameness groups",
        (s) =>
          new ServiceIntentions(s, "x", {
            destination: "c",
            destinationNamespace: "t",
            sources: [
              { name: "a", namespace: "t", action: "allow" },
              { name: "b", partition: "p", action: "allow" },
              { name: "d", samenessGroup: "g", action: "allow" },
            ],
          }),
        [
          `test/x: ServiceIntentions.destinationNamespace: "t" ${NS}`,
          `test/x: ServiceIntentions.sources[0].namespace: "t" ${NS}`,
          `test/x: ServiceIntentions.sources[1].partition: "p" ${PART}`,
          `test/x: ServiceIntentions.sources[2].samenessGroup: "g" ${SG}`,
        ],
      ],
      [
        "ExportedServices namespaces, partition and sameness-group consumers",
        (s) =>
          new ExportedServices(s, "x", {
            services: [{ name: "c", consulNamespace: "t", consumers: [{ partition: "p" }, { samenessGroup: "g" }] }],
          }),
        [
          `test/x: ExportedServices.services[0].consulNamespace: "t" ${NS}`,
          `test/x: ExportedServices.services[0].consumers[0].partition: "p" ${PART}`,
          `test/x: ExportedServices.services[0].consumers[1].samenessGroup: "g" ${SG}`,
        ],
      ],
      [
        "ServiceResolver redirect and failover namespaces and partitions",
        (s) =>
          new ServiceResolver(s, "x", {
            service: "c",
            failover: { "*": { namespace: "t", targets: [{ partition: "p" }] } },
          }),
        [
          `test/x: ServiceResolver.failover["*"].namespace: "t" ${NS}`,
          `test/x: ServiceResolver.failover["*"].targets[0].partition: "p" ${PART}`,
        ],
      ],
      [
        "ServiceResolver redirect partition",
        (s) => new ServiceResolver(s, "x", { service: "c", redirect: { service: "c", partition: "p" } }),
        [`test/x: ServiceResolver.redirect.partition: "p" ${PART}`],
      ],
      [
        "ServiceDefaults upstream partition",
        (s) => new ServiceDefaults(s, "x", { service: "c", upstreamOverrides: [{ name: "d", partition: "p" }] }),
        [`test/x: ServiceDefaults.upstreamOverrides[0].partition: "p" ${PART}`],
      ],
      [
        "TerminatingGateway service namespace",
        (s) => new TerminatingGateway(s, "x", { services: [{ name: "db", namespace: "t" }] }),
        [`test/x: TerminatingGateway.services[0].namespace: "t" ${NS}`],
      ],
    ])("%s", (_what, make, lines) => {
      expect(problemsOf(() => make(newStack()))).toEqual(lines);
      expect(() => make(target({ edition: "enterprise", namespaces: true, partitions: true }))).not.toThrow();
    });
  });

  describe("with admin partitions, follows the partition", () => {
    const eu = () => target({ edition: "enterprise", partitions: true, partition: "eu" });

    it("names ExportedServices after the partition", () => {
      const stack = eu();
      new ExportedServices(stack, "x", { services: [{ name: "c", consumers: [{ partition: "us" }] }] });
      expect(onlyManifest(stack).metadata.name).toBe("eu");
    });

    it("peers through mesh gateways only in the default partition", () => {
      const stack = eu();
      new Mesh(stack, "m");
      expect(onlyManifest(stack).spec).toEqual({ peering: { peerThroughMeshGateways: false } });
      expect(problemsOf(() => new Mesh(eu(), "m", { peerThroughMeshGateways: true }))).toEqual([
        'test/m: Mesh.peerThroughMeshGateways: true is only allowed in the "default" partition (this target is partition "eu"); set it to false',
      ]);
    });

    it("fails over or redirects across datacenters only in the default partition", () => {
      expect(
        problemsOf(() => new ServiceResolver(eu(), "r", { service: "c", failover: { "*": { datacenters: ["dc2"] } } })),
      ).toEqual([
        'test/r: ServiceResolver.failover["*"].datacenters: ["dc2"] are only allowed in the default partition (cross-datacenter failover)',
      ]);
      expect(
        problemsOf(
          () => new ServiceResolver(eu(), "r", { service: "c", redirect: { service: "c", datacenter: "dc2" } }),
        ),
      ).toEqual([
        'test/r: ServiceResolver.redirect.datacenter: "dc2" is only allowed in the default partition (cross-datacenter redirect)',
      ]);
      expect(
        () =>
          new ServiceResolver(target({ edition: "enterprise", partitions: true }), "r", {
            service: "c",
            failover: { "*": { datacenters: ["dc2"] } },
          }),
      ).not.toThrow();
    });
  });
});

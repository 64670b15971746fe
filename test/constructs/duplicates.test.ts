import { Construct } from "constructs";
import { TerraformStack, Testing } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ExportedServices } from "../../constructs/exported-services";
import { Mesh } from "../../constructs/mesh";
import { ProxyDefaults } from "../../constructs/proxy-defaults";
import { ServiceDefaults } from "../../constructs/service-defaults";
import { ServiceIntentions } from "../../constructs/service-intentions";
import { ServiceResolver } from "../../constructs/service-resolver";
import { ServiceRouter } from "../../constructs/service-router";
import { ServiceSplitter } from "../../constructs/service-splitter";
import { manifests } from "../support";
import { enterpriseStack, newStack, problemsOf, synthJson } from "./helpers";

const DEFAULT = "(default kubernetes provider)";

describe("one object per kind, name, namespace and cluster", () => {
  it.each<[string, (s: TerraformStack, id: string) => Construct, string]>([
    [
      'ExportedServices (always "default")',
      (s: TerraformStack, id: string) =>
        new ExportedServices(s, id, { services: [{ name: "c", consumers: [{ peer: "p" }] }] }),
      'ExportedServices "default" in namespace "consul"',
    ],
    ['Mesh (always "mesh")', (s: TerraformStack, id: string) => new Mesh(s, id), 'Mesh "mesh" in namespace "consul"'],
    [
      'ProxyDefaults (always "global")',
      (s: TerraformStack, id: string) => new ProxyDefaults(s, id),
      'ProxyDefaults "global" in namespace "consul"',
    ],
    [
      "ServiceResolver of one service",
      (s: TerraformStack, id: string) => new ServiceResolver(s, id, { service: "c" }),
      'ServiceResolver "c" in namespace "consul"',
    ],
    [
      "ServiceRouter of one service",
      (s: TerraformStack, id: string) =>
        new ServiceRouter(s, id, { service: "c", routes: [{ destination: { service: "d" } }] }),
      'ServiceRouter "c" in namespace "consul"',
    ],
    [
      "ServiceSplitter of one service",
      (s: TerraformStack, id: string) => new ServiceSplitter(s, id, { service: "c", splits: [{ weight: 100 }] }),
      'ServiceSplitter "c" in namespace "consul"',
    ],
    [
      "ServiceDefaults of one service",
      (s: TerraformStack, id: string) => new ServiceDefaults(s, id, { service: "c" }),
      'ServiceDefaults "c" in namespace "consul"',
    ],
  ])("refuses a second %s and names both construct paths", (_what, make, object) => {
    const stack = newStack();
    make(stack, "first");
    expect(problemsOf(() => make(stack, "second"))).toEqual([
      `test/second: ${object} on ${DEFAULT} is already defined by test/first; define it once (add to that construct instead)`,
    ]);
  });

  it("refuses two ServiceIntentions for one destination even under different names: Consul keys the entry by destination", () => {
    const stack = newStack();
    new ServiceIntentions(stack, "a", { destination: "c", sources: [{ name: "a", action: "allow" }] });
    expect(
      problemsOf(
        () =>
          new ServiceIntentions(stack, "b", {
            destination: "c",
            name: "c-more",
            sources: [{ name: "b", action: "allow" }],
          }),
      ),
    ).toEqual([
      `test/b: the ServiceIntentions config entry "c" on ${DEFAULT} is already defined by test/a; define it once (add to that construct instead)`,
    ]);
  });

  it("refuses the same entry in another Kubernetes namespace of one cluster (Consul CE has one config-entry namespace)", () => {
    const stack = newStack();
    new ServiceResolver(stack, "a", { service: "c" });
    expect(problemsOf(() => new ServiceResolver(stack, "b", { service: "c", namespace: "apps" }))[0]).toMatch(
      /^test\/b: the ServiceResolver config entry "c" on .* is already defined by test\/a/,
    );
  });

  it("with Consul namespaces, tells entries of different namespaces apart", () => {
    const stack = enterpriseStack();
    new ServiceIntentions(stack, "a", {
      destination: "c",
      destinationNamespace: "team-a",
      sources: [{ name: "a", action: "allow" }],
    });
    new ServiceIntentions(stack, "b", {
      destination: "c",
      destinationNamespace: "team-b",
      name: "c-team-b",
      sources: [{ name: "b", action: "allow" }],
    });
    new ServiceResolver(stack, "r1", { service: "c" });
    new ServiceResolver(stack, "r2", { service: "c", namespace: "apps" });
    expect(manifests(synthJson(stack))).toHaveLength(4);
    expect(
      problemsOf(
        () =>
          new ServiceIntentions(stack, "c", {
            destination: "c",
            destinationNamespace: "team-a",
            name: "c-again",
            sources: [{ name: "d", action: "allow" }],
          }),
      )[0],
    ).toMatch(/^test\/c: the ServiceIntentions config entry "c" on .* is already defined by test\/a;/);
  });

  it("accepts the same object on two clusters (two providers), and different kinds of one name", () => {
    const stack = newStack();
    const cloud = new KubernetesProvider(stack, "cloud", { alias: "cloud" });
    const onprem = new KubernetesProvider(stack, "onprem", { alias: "onprem" });
    new Mesh(stack, "m1", { provider: cloud });
    new Mesh(stack, "m2", { provider: onprem });
    new ServiceResolver(stack, "r", { provider: cloud, service: "c" });
    new ServiceDefaults(stack, "d", { provider: cloud, service: "c" });
    expect(
      manifests(synthJson(stack))
        .map((m) => m.kind)
        .sort(),
    ).toEqual(["Mesh", "Mesh", "ServiceDefaults", "ServiceResolver"]);
  });

  it("keeps stacks apart: each stack is its own set of clusters", () => {
    const app = Testing.app();
    new Mesh(new TerraformStack(app, "one"), "m");
    expect(() => new Mesh(new TerraformStack(app, "two"), "m")).not.toThrow();
  });
});

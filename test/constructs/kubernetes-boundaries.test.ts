import { Lazy } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Mesh } from "../../constructs/mesh";
import { PeeringDialer } from "../../constructs/peering-dialer";
import { ProxyDefaults } from "../../constructs/proxy-defaults";
import { ServiceIntentions } from "../../constructs/service-intentions";
import { ServiceResolver } from "../../constructs/service-resolver";
import { at, manifests } from "../support";
import { enterpriseStack, newStack, onlyManifest, problemsOf, synthJson } from "./helpers";

// The Kubernetes target (constructs/private/kubernetes.ts) at each boundary: metadata with and
// without labels and annotations, whose annotations win, "${" escaped, the namespace check, and
// the one-object-per-cluster claim: the provider it names, names known only at apply, and entry
// names apart from resource names.

const DEFAULT = "(default kubernetes provider)";
const TWICE = "define it once (add to that construct instead)";

describe("createConsulManifest: metadata", () => {
  it("leaves out labels and annotations that are absent or empty", () => {
    // given
    const bare = newStack();
    new Mesh(bare, "m");
    const empty = newStack();
    new Mesh(empty, "m", { labels: {}, annotations: {} });
    // when
    const metadata = [bare, empty].map((s) => onlyManifest(s).metadata);
    // then
    expect(metadata).toEqual([
      { name: "mesh", namespace: "consul" },
      { name: "mesh", namespace: "consul" },
    ]);
  });

  it("keeps the labels and annotations given, in the namespace given", () => {
    // given
    const stack = newStack();
    // when
    new Mesh(stack, "m", { namespace: "mesh-system", labels: { team: "a" }, annotations: { note: "x" } });
    // then
    expect(onlyManifest(stack).metadata).toEqual({
      name: "mesh",
      namespace: "mesh-system",
      labels: { team: "a" },
      annotations: { note: "x" },
    });
  });

  it("adds the construct's own annotations to the user's, and the construct's win", () => {
    // given
    const stack = newStack();
    const version = "consul.hashicorp.com/peering-version";
    // when
    new PeeringDialer(stack, "d", { peerName: "cloud", peeringVersion: 2, annotations: { [version]: "1", note: "x" } });
    // then
    expect(onlyManifest(stack).metadata.annotations).toEqual({ [version]: "2", note: "x" });
  });

  it('escapes "${" once in metadata and in a spec known now, so that Terraform keeps user text as given', () => {
    // given
    const stack = newStack();
    // when
    new ProxyDefaults(stack, "p", { labels: { a: "${b}" }, config: { note: "${var.x}" } });
    // then: Terraform reads "$${" as a literal "${" (hashicorp/hcl, hclsyntax/spec.md, template
    // literals), so text escaped twice would reach the cluster as "$${"
    const m = onlyManifest(stack);
    expect([m.metadata.labels, at(m.spec, "config")]).toEqual([{ a: "$${b}" }, { note: "$${var.x}" }]);
  });

  it("checks the namespace as a DNS label", () => {
    // given
    const stack = newStack();
    // when
    const problems = problemsOf(() => new Mesh(stack, "m", { namespace: "Mesh_System" }));
    // then
    expect(problems).toEqual([
      'test/m: Mesh.namespace: "Mesh_System" is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)',
    ]);
  });
});

describe("createConsulManifest: one object per kind, name, namespace and cluster", () => {
  it("names the provider of the cluster that already holds the object", () => {
    // given
    const stack = newStack();
    const provider = new KubernetesProvider(stack, "cloud", { alias: "cloud" });
    new ServiceResolver(stack, "a", { provider, service: "web" });
    // when
    const problems = problemsOf(() => new ServiceResolver(stack, "b", { provider, service: "web" }));
    // then
    expect(problems).toEqual([
      `test/b: ServiceResolver "web" in namespace "consul" on test/cloud is already defined by test/a; ${TWICE}`,
    ]);
  });

  it("claims nothing whose name or namespace is known only at apply, even the same token twice", () => {
    // given
    const stack = newStack();
    const service = Lazy.stringValue({ produce: () => "web" });
    const namespace = Lazy.stringValue({ produce: () => "apps" });
    const destination = Lazy.stringValue({ produce: () => "api" });
    // when
    new ServiceResolver(stack, "a", { service });
    new ServiceResolver(stack, "b", { service });
    new ServiceResolver(stack, "c", { service: "web", namespace });
    new ServiceResolver(stack, "d", { service: "web", namespace });
    new ServiceIntentions(stack, "e", { destination, name: "api", sources: [{ name: "a", action: "allow" }] });
    new ServiceIntentions(stack, "f", { destination, name: "api-b", sources: [{ name: "b", action: "allow" }] });
    // then
    expect(manifests(synthJson(stack))).toHaveLength(6);
  });

  it("keys an entry by the entry name, not the resource name: other destinations under one name clash as objects only", () => {
    // given
    const stack = newStack();
    new ServiceIntentions(stack, "a", { destination: "web", name: "same", sources: [{ name: "a", action: "allow" }] });
    // when
    const problems = problemsOf(
      () =>
        new ServiceIntentions(stack, "b", {
          destination: "api",
          name: "same",
          sources: [{ name: "b", action: "allow" }],
        }),
    );
    // then
    expect(problems).toEqual([
      `test/b: ServiceIntentions "same" in namespace "consul" on ${DEFAULT} is already defined by test/a; ${TWICE}`,
    ]);
  });

  it("with Consul namespaces, keys an entry by its own namespace, else by the resource's", () => {
    // given: two destinations of one name in two Consul namespaces, both resources in "consul"
    const stack = enterpriseStack();
    new ServiceResolver(stack, "r1", { service: "web" });
    new ServiceResolver(stack, "r2", { service: "web", namespace: "apps" });
    const sources = [{ name: "a", action: "allow" as const }];
    new ServiceIntentions(stack, "a", { destination: "web", destinationNamespace: "team-a", name: "web-a", sources });
    // when
    new ServiceIntentions(stack, "b", { destination: "web", destinationNamespace: "team-b", name: "web-b", sources });
    const again = problemsOf(
      () =>
        new ServiceIntentions(stack, "c", {
          destination: "web",
          destinationNamespace: "team-a",
          name: "web-c",
          sources,
        }),
    );
    // then
    expect(again).toEqual([
      `test/c: the ServiceIntentions config entry "web" on ${DEFAULT} is already defined by test/a; ${TWICE}`,
    ]);
  });
});

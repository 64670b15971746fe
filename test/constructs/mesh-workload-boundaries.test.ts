import { TerraformVariable } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { MeshWorkload, type MeshWorkloadProps } from "../../constructs/mesh-workload";
import { newStack, problemsOf, synthJson } from "./helpers";
import { at as get, must, record, resources } from "../support";

// MeshWorkload at each boundary: probe paths, resources with one kind missing, upstreams given as
// tokens, no upstreams at all, and the rendered ports, spread constraints, labels and provider.
const props: MeshWorkloadProps = {
  service: "a",
  image: "hybrid-mesh/service:0.1.0",
  port: 8080,
  upstreams: [{ name: "b", localPort: 9101, annotation: "b:9101" }],
};
const at = "test/w";

/** The synthesized Terraform JSON of one workload. */
function synth(p: Partial<MeshWorkloadProps>, provider = false) {
  const stack = newStack();
  const extra = provider ? { provider: new KubernetesProvider(stack, "k8s", { alias: "apps" }) } : {};
  new MeshWorkload(stack, "w", { ...props, ...p, ...extra });
  const json = synthJson(stack);
  /** The one resource of a type. */
  return (type: string) => must(resources(json, type)[0], type);
}

describe("MeshWorkload boundaries", () => {
  it("needs probe paths that begin with a slash, not ones that end with one", () => {
    expect(() => synth({ livenessPath: "/live", readinessPath: "/" })).not.toThrow();
    expect(problemsOf(() => synth({ livenessPath: "live/" }))).toEqual([
      `${at}: livenessPath: "live/" must begin with "/"`,
    ]);
  });

  it("reports a missing kind of resources as a bad quantity, not a crash", () => {
    expect(problemsOf(() => synth({ resources: { requests: { cpu: "50m", memory: "64Mi" } } as never }))).toEqual([
      `${at}: resources.limits.cpu: undefined is not a Kubernetes quantity such as 500m or 128Mi`,
      `${at}: resources.limits.memory: undefined is not a Kubernetes quantity such as 500m or 128Mi`,
    ]);
  });

  it("stays silent on a leaf without upstreams and on an upstream annotation given as a token", () => {
    const leaf = synth({ upstreams: undefined })("kubernetes_deployment_v1");
    expect(Object.keys(record(leaf, "spec.template.metadata.annotations"))).toEqual([
      "consul.hashicorp.com/connect-inject",
      "consul.hashicorp.com/connect-service",
      "consul.hashicorp.com/connect-service-port",
    ]);
    const stack = newStack();
    const annotation = new TerraformVariable(stack, "upstream", { type: "string" }).stringValue;
    expect(
      () => new MeshWorkload(stack, "w", { ...props, upstreams: [{ name: "b", localPort: 9101, annotation }] }),
    ).not.toThrow();
  });

  it("renders TCP ports named after the protocol, spread constraints that select the pods, labels and the provider", () => {
    const r = synth({ labels: { team: "shop" }, protocol: "grpc" }, true);
    const service = r("kubernetes_service_v1");
    const deployment = r("kubernetes_deployment_v1");
    const account = r("kubernetes_service_account_v1");
    expect(get(service, "spec.port")).toEqual([{ name: "grpc", port: 8080, target_port: "8080", protocol: "TCP" }]);
    expect(get(deployment, "spec.template.spec.container[0].port")).toEqual([
      { name: "http", container_port: 8080, protocol: "TCP" },
    ]);
    const selector = { "app.kubernetes.io/name": "a", "app.kubernetes.io/instance": "a" };
    expect(get(deployment, "spec.template.spec.topology_spread_constraint")).toEqual(
      ["kubernetes.io/hostname", "topology.kubernetes.io/zone"].map((topology_key) => ({
        max_skew: 1,
        topology_key,
        when_unsatisfiable: "ScheduleAnyway",
        label_selector: [{ match_labels: selector }],
      })),
    );
    expect(get(account, "metadata.labels.team")).toBe("shop");
    for (const x of [service, deployment, account]) expect(x.provider).toBe("kubernetes.apps");
  });
});

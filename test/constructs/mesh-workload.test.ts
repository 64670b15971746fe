import { Testing } from "cdktf";
import { DeploymentV1 } from "@cdktf/provider-kubernetes/lib/deployment-v1";
import { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { ServiceV1 } from "@cdktf/provider-kubernetes/lib/service-v1";
import { MeshWorkload, type MeshWorkloadProps } from "../../constructs/mesh-workload";
import { newStack, problemsOf, synthJson } from "./helpers";
import { at, list, record, resources } from "../support";

const props: MeshWorkloadProps = {
  service: "a",
  partOf: "shop",
  env: { SERVICE_NAME: "a", UPSTREAMS: "b=http://127.0.0.1:9101" },
  image: "hybrid-mesh/service:0.1.0",
  port: 8080,
  upstreams: [
    { name: "b", localPort: 9101, annotation: "b:9101" },
    { name: "c", localPort: 9102, annotation: "c.svc.cloud.peer:9102" },
  ],
};

/**
 * The adapter matches only the top level partially (it wraps it in objectContaining); this makes
 * every nested object partial too. Arrays stay exact in length and order. Keys are Terraform's snake_case.
 */
function partial(properties: Record<string, unknown>): Record<string, unknown> {
  const nested = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(nested);
    if (value !== null && typeof value === "object")
      return expect.objectContaining(partial(value as Record<string, unknown>));
    return value;
  };
  return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, nested(v)]));
}

const synth = (p: MeshWorkloadProps = props) => Testing.synthScope((scope) => new MeshWorkload(scope, "w", p));

/** The single Deployment of a synthesized stack, as Terraform JSON (snake_case). */
function deployment(p: MeshWorkloadProps = props) {
  const stack = newStack();
  new MeshWorkload(stack, "w", p);
  return resources(synthJson(stack), "kubernetes_deployment_v1")[0];
}

describe("MeshWorkload", () => {
  it("injects the sidecar and lists the upstreams in the pod annotations", () => {
    expect(synth()).toHaveResourceWithProperties(
      DeploymentV1,
      partial({
        spec: {
          template: {
            metadata: {
              annotations: {
                "consul.hashicorp.com/connect-inject": "true",
                "consul.hashicorp.com/connect-service": "a",
                "consul.hashicorp.com/connect-service-port": "8080",
                "consul.hashicorp.com/connect-service-upstreams": "b:9101,c.svc.cloud.peer:9102",
              },
            },
          },
        },
      }),
    );
  });

  it("passes the env it is given, in order, and nothing of its own", () => {
    expect(synth()).toHaveResourceWithProperties(
      DeploymentV1,
      partial({
        spec: {
          template: {
            spec: {
              container: [
                {
                  name: "app",
                  image: "hybrid-mesh/service:0.1.0",
                  env: [
                    { name: "SERVICE_NAME", value: "a" },
                    { name: "UPSTREAMS", value: "b=http://127.0.0.1:9101" },
                  ],
                },
              ],
            },
          },
        },
      }),
    );
  });

  it("meets every field of the restricted Pod Security Standard", () => {
    expect(synth()).toHaveResourceWithProperties(
      DeploymentV1,
      partial({
        spec: {
          template: {
            spec: {
              security_context: {
                run_as_non_root: true,
                run_as_user: "65532",
                run_as_group: "65532",
                seccomp_profile: { type: "RuntimeDefault" },
              },
              container: [
                {
                  security_context: {
                    run_as_non_root: true,
                    read_only_root_filesystem: true,
                    allow_privilege_escalation: false,
                    privileged: false,
                    capabilities: { drop: ["ALL"] },
                    seccomp_profile: { type: "RuntimeDefault" },
                  },
                },
              ],
            },
          },
        },
      }),
    );
    // Nothing that restricted forbids: no host namespaces, no added capabilities, no volumes.
    const spec = record(deployment(), "spec.template.spec");
    for (const key of ["host_network", "host_pid", "host_ipc", "volume"]) expect(spec[key]).toBeUndefined();
    expect(at(spec, "container[0].security_context.capabilities.add")).toBeUndefined();
  });

  it("sets default resources, probes, replicas and the service account", () => {
    expect(synth()).toHaveResourceWithProperties(
      DeploymentV1,
      partial({
        metadata: { name: "a", namespace: "apps" },
        spec: {
          replicas: "2",
          template: {
            spec: {
              service_account_name: "a",
              automount_service_account_token: true,
              container: [
                {
                  resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } },
                  liveness_probe: { http_get: { path: "/healthz", port: "8080" } },
                  readiness_probe: { http_get: { path: "/readyz", port: "8080" } },
                  port: [{ container_port: 8080 }],
                },
              ],
            },
          },
        },
      }),
    );
    expect(synth()).toHaveResourceWithProperties(
      ServiceAccountV1,
      partial({ metadata: { name: "a", namespace: "apps" } }),
    );
  });

  it("labels everything and selects pods by name and instance", () => {
    const labels = {
      "app.kubernetes.io/name": "a",
      "app.kubernetes.io/instance": "a",
      "app.kubernetes.io/component": "service",
      "app.kubernetes.io/part-of": "shop",
      "app.kubernetes.io/managed-by": "cdktf",
    };
    const selector = { "app.kubernetes.io/name": "a", "app.kubernetes.io/instance": "a" };
    const synthed = synth();
    expect(synthed).toHaveResourceWithProperties(
      DeploymentV1,
      partial({
        metadata: { labels },
        spec: { selector: { match_labels: selector }, template: { metadata: { labels } } },
      }),
    );
    expect(synthed).toHaveResourceWithProperties(
      ServiceV1,
      partial({
        metadata: { name: "a", namespace: "apps", labels },
        spec: { type: "ClusterIP", selector, port: [{ name: "http", port: 8080, target_port: "8080" }] },
      }),
    );
    expect(
      list(deployment(), "spec.template.spec.topology_spread_constraint").map((c) => at(c, "topology_key")),
    ).toEqual(["kubernetes.io/hostname", "topology.kubernetes.io/zone"]);
  });

  it("honours namespace, replicas, resources, protocol and a leaf without upstreams", () => {
    const d = deployment({
      ...props,
      upstreams: [],
      namespace: "demo",
      replicas: 3,
      protocol: "http2",
      runAsUser: 10001,
      resources: { requests: { cpu: "100m", memory: "96Mi" }, limits: { cpu: "1", memory: "256Mi" } },
    });
    expect(at(d, "metadata.namespace")).toBe("demo");
    expect(at(d, "spec.replicas")).toBe("3");
    expect(at(d, "spec.template.spec.security_context.run_as_user")).toBe("10001");
    expect(at(d, "spec.template.spec.container[0].resources")).toEqual({
      requests: { cpu: "100m", memory: "96Mi" },
      limits: { cpu: "1", memory: "256Mi" },
    });
    expect(
      at(d, ["spec", "template", "metadata", "annotations", "consul.hashicorp.com/connect-service-upstreams"]),
    ).toBeUndefined();
    expect(at(d, "spec.template.spec.container[0].env")).toEqual([
      { name: "SERVICE_NAME", value: "a" },
      { name: "UPSTREAMS", value: "b=http://127.0.0.1:9101" },
    ]);
  });

  describe("rejects", () => {
    const reject = (p: Partial<MeshWorkloadProps>) =>
      problemsOf(() => new MeshWorkload(newStack(), "w", { ...props, ...p }));
    const at = "test/w";
    /** validation.ts words the DNS rule; the start of the line is what this construct decides. */
    const dns = (line: string): unknown =>
      expect.stringMatching(new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} is not a DNS-1123 label`));

    it.each<[string, Partial<MeshWorkloadProps>, unknown]>([
      ["a service that is not a DNS label", { service: "Svc_A" }, dns(`${at}: service: "Svc_A"`)],
      ["a missing service", { service: "" }, `${at}: service: "" is required`],
      [
        "an env name with a space",
        { env: { "MY VAR": "x" } },
        `${at}: env.MY VAR: "MY VAR" is not a valid environment variable name`,
      ],
      ["a probe path without a slash", { readinessPath: "ready" }, `${at}: readinessPath: "ready" must begin with "/"`],
      ["a missing image", { image: "" }, `${at}: image: "" is required`],
      [
        "an image with whitespace",
        { image: "svc 0.1" },
        `${at}: image: "svc 0.1" is not an image reference (it contains whitespace)`,
      ],
      ["port 0", { port: 0 }, `${at}: port: 0 is not allowed; use an integer from 1 to 65535`],
      ["port 70000", { port: 70000 }, `${at}: port: 70000 is not allowed; use an integer from 1 to 65535`],
      ["an Envoy port as the app port", { port: 20000 }, `${at}: port: 20000 is reserved for the Envoy sidecar`],
      ["a namespace that is not a DNS label", { namespace: "Apps" }, dns(`${at}: namespace: "Apps"`)],
      ["negative replicas", { replicas: -1 }, `${at}: replicas: -1 is not allowed; use an integer from 0 to 1000`],
      [
        "an unknown protocol",
        { protocol: "udp" as never },
        `${at}: protocol: "udp" is not allowed; use one of "tcp", "http", "http2", "grpc"`,
      ],
      ["root as the user", { runAsUser: 0 }, `${at}: runAsUser: 0 is not allowed; use an integer from 1 to 2147483647`],
      [
        "a bad resource quantity",
        { resources: { requests: { cpu: "lots", memory: "64Mi" }, limits: { cpu: "500m", memory: "128Mi" } } },
        `${at}: resources.requests.cpu: "lots" is not a Kubernetes quantity such as 500m or 128Mi`,
      ],
    ])("%s", (_what, p, message) => {
      expect(reject(p)).toEqual([message]);
    });

    it.each<[string, MeshWorkloadProps["upstreams"], unknown]>([
      [
        "an upstream name that is not a DNS label",
        [{ name: "B", localPort: 9101, annotation: "b:9101" }],
        dns(`${at}: upstreams[0].name: "B"`),
      ],
      [
        "a local port out of range",
        [{ name: "b", localPort: 0, annotation: "b:0" }],
        `${at}: upstreams[0].localPort: 0 is not allowed; use an integer from 1 to 65535`,
      ],
      [
        "a local port equal to the app port",
        [{ name: "b", localPort: 8080, annotation: "b:8080" }],
        `${at}: upstreams[0].localPort: 8080 is the app's own port`,
      ],
      [
        "a local port Envoy owns",
        [{ name: "b", localPort: 19000, annotation: "b:19000" }],
        `${at}: upstreams[0].localPort: 19000 is reserved for the Envoy sidecar (19000, 20000, 20100, 20200, 21000, 22000)`,
      ],
      [
        "a malformed annotation",
        [{ name: "b", localPort: 9101, annotation: "b=9101" }],
        `${at}: upstreams[0].annotation: "b=9101" is not a connect-service-upstreams entry such as "b:9101" or "c.svc.cloud.peer:9102"`,
      ],
      [
        "an annotation for another service",
        [{ name: "b", localPort: 9101, annotation: "c:9101" }],
        `${at}: upstreams[0].annotation: "c:9101" names service "c", not the upstream "b"`,
      ],
      [
        "an annotation on another port",
        [{ name: "c", localPort: 9102, annotation: "c.svc.cloud.peer:9103" }],
        `${at}: upstreams[0].annotation: "c.svc.cloud.peer:9103" listens on 9103, not localPort 9102`,
      ],
    ])("%s", (_what, upstreams, message) => {
      expect(reject({ upstreams })).toEqual([message]);
    });

    it("two upstreams on one local port, and a repeated upstream", () => {
      expect(
        reject({
          upstreams: [
            { name: "b", localPort: 9101, annotation: "b:9101" },
            { name: "c", localPort: 9101, annotation: "c:9101" },
            { name: "b", localPort: 9103, annotation: "b:9103" },
          ],
        }),
      ).toEqual([
        `${at}: upstreams[1].localPort: 9101 is already used by upstreams[0]`,
        `${at}: upstreams[2].name: "b" repeats an upstream`,
      ]);
    });

    it("every bad prop at once", () => {
      expect(reject({ service: "A", port: 0 })).toHaveLength(2);
    });
  });
});

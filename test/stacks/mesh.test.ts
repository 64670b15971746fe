import { at, list, record, resources, resourcesById, type TerraformJson } from "../support";
import { defaultApp, defaultStackJson, manifests } from "./helpers";

let cloud: TerraformJson;
let onprem: TerraformJson;
beforeAll(() => {
  cloud = defaultStackJson("mesh-cloud");
  onprem = defaultStackJson("mesh-onprem");
});
const ofKind = (json: TerraformJson, kind: string) => manifests(json).filter((m) => m.kind === kind);
const named = (json: TerraformJson, kind: string, name: string) =>
  ofKind(json, kind).find((m) => m.metadata.name === name);
const deployment = (json: TerraformJson, svc: string) =>
  resources(json, "kubernetes_deployment_v1").find((d) => at(d, "metadata.name") === svc);
const podAnnotations = (json: TerraformJson, svc: string) =>
  record(deployment(json, svc), "spec.template.metadata.annotations");
const env = (json: TerraformJson, svc: string) => at(deployment(json, svc), "spec.template.spec.container[0].env");

describe.each(["mesh-cloud", "mesh-onprem"])("%s", (id) => {
  let json: TerraformJson;
  beforeAll(() => {
    json = id === "mesh-cloud" ? cloud : onprem;
  });
  it("peers through mesh gateways, routes through the local gateway, and denies by default", () => {
    expect(at(named(json, "Mesh", "mesh"), "spec")).toEqual({ peering: { peerThroughMeshGateways: true } });
    expect(at(named(json, "ProxyDefaults", "global"), "spec.meshGateway")).toEqual({ mode: "local" });
    const deny = ofKind(json, "ServiceIntentions").find((m) => at(m, "spec.destination.name") === "*");
    expect(deny?.spec.sources).toEqual([expect.objectContaining({ name: "*", action: "deny" })]);
  });

  it("never allows a wildcard source", () => {
    for (const i of ofKind(json, "ServiceIntentions")) {
      for (const s of list(i, "spec.sources")) if (at(s, "name") === "*") expect(at(s, "action")).toBe("deny");
    }
  });

  it("gives every service a ServiceDefaults with its protocol", () => {
    const deployments = resources(json, "kubernetes_deployment_v1")
      .map((d) => at(d, "metadata.name"))
      .sort();
    const defaults = ofKind(json, "ServiceDefaults").map((m) => [m.metadata.name, at(m, "spec.protocol")] as const);
    expect(defaults.map(([n]) => n).sort()).toEqual(deployments);
    for (const [, protocol] of defaults) expect(protocol).toBe("http");
  });

  it("runs every workload under the restricted Pod Security profile, with limits", () => {
    for (const d of resources(json, "kubernetes_deployment_v1")) {
      const pod = at(d, "spec.template.spec");
      expect(at(pod, "security_context")).toMatchObject({
        run_as_non_root: true,
        seccomp_profile: { type: "RuntimeDefault" },
      });
      expect(at(pod, "host_network")).toBeFalsy();
      for (const c of list(pod, "container")) {
        expect(at(c, "security_context")).toMatchObject({
          read_only_root_filesystem: true,
          allow_privilege_escalation: false,
          privileged: false,
          capabilities: { drop: ["ALL"] },
        });
        expect(Object.keys(record(c, "resources.limits")).sort()).toEqual(["cpu", "memory"]);
      }
    }
  });

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});

describe("a cross-environment call a -> c, derived end to end", () => {
  it("exports c from the cloud to the on-prem peer only", () => {
    const exp = named(cloud, "ExportedServices", "default");
    expect(at(exp, "spec.services")).toEqual([{ name: "c", consumers: [{ peer: "onprem" }] }]);
  });

  it("allows a from peer onprem on c in the cloud", () => {
    const i = ofKind(cloud, "ServiceIntentions").find((m) => at(m, "spec.destination.name") === "c");
    expect(at(i, "spec.sources")).toEqual([{ name: "a", peer: "onprem", action: "allow" }]);
  });

  it("gives a's pod the peer upstream, and the app the same local port", () => {
    // when
    const upstreams = podAnnotations(onprem, "a")["consul.hashicorp.com/connect-service-upstreams"];
    const appEnv = env(onprem, "a");
    // then
    expect(upstreams).toBe("c.svc.cloud.peer:20446,b:20849");
    expect(appEnv).toContainEqual({ name: "UPSTREAMS", value: "c=http://127.0.0.1:20446,b=http://127.0.0.1:20849" });
  });
});

describe("failover of e from the cloud to on-prem", () => {
  it("has a cloud resolver failing over to the onprem peer", () => {
    expect(at(named(cloud, "ServiceResolver", "e"), "spec.failover")).toEqual({
      "*": { targets: [{ peer: "onprem" }] },
    });
  });

  it("passively health-checks e on its caller d, locally and through the peer", () => {
    const overrides = list(named(cloud, "ServiceDefaults", "d"), "spec.upstreamConfig.overrides");
    expect(overrides.map((o) => [at(o, "name"), at(o, "peer")])).toEqual([
      ["e", undefined],
      ["e", "onprem"],
    ]);
    expect(at(overrides, "[0].passiveHealthCheck")).toMatchObject({ maxFailures: 3 });
  });

  it("exports e from on-prem to the cloud and allows d from peer cloud there", () => {
    const exp = named(onprem, "ExportedServices", "default");
    expect(at(exp, "spec.services")).toContainEqual({ name: "e", consumers: [{ peer: "cloud" }] });
    const i = ofKind(onprem, "ServiceIntentions").find((m) => at(m, "spec.destination.name") === "e");
    expect(at(i, "spec.sources")).toEqual([{ name: "d", peer: "cloud", action: "allow" }]);
  });
});

describe("automated peering", () => {
  it("accepts in the cloud (through the aliased cloud provider) and dials from on-prem", () => {
    const acceptor = resources(onprem, "kubernetes_manifest").find((r) => at(r, "manifest.kind") === "PeeringAcceptor");
    const dialer = resources(onprem, "kubernetes_manifest").find((r) => at(r, "manifest.kind") === "PeeringDialer");
    expect(at(acceptor, "provider")).toBe("kubernetes.cloud");
    expect(at(acceptor, "manifest.metadata.name")).toBe("onprem");
    expect(at(dialer, "manifest.metadata.name")).toBe("cloud");
    expect(at(dialer, "provider")).toBe("kubernetes");
    // The dialer waits for the token Secret and for on-prem's Mesh (peer through mesh gateways).
    const mesh = Object.entries(resourcesById(onprem, "kubernetes_manifest")).find(
      ([, r]) => at(r, "manifest.kind") === "Mesh",
    )?.[0];
    expect(at(dialer, "depends_on")).toEqual([
      expect.stringMatching(/^kubernetes_secret_v1\./),
      `kubernetes_manifest.${mesh}`,
    ]);
    expect(at(dialer, "wait")).toEqual({ fields: { "status.latestPeeringVersion": "^1$" } });
  });

  it("asks for Terraform 1.11+ where the token Secret is write-only, and only there", () => {
    expect(at(onprem, "terraform.required_version")).toBe(">= 1.11.0");
    expect(at(cloud, "terraform.required_version")).toBeUndefined();
  });

  it("copies the token by reference only; nothing sensitive is a literal or an output", () => {
    const secret = resources(onprem, "kubernetes_secret_v1")[0];
    expect(Object.values(record(secret, "data_wo"))).toEqual([
      expect.stringMatching(/^\$\{data\.kubernetes_secret_v1\.[^}]+\.data\["data"\]\}$/),
    ]);
    expect(at(onprem, "output")).toBeUndefined();
  });

  it("reaches the cloud cluster through its alias with exec (aws eks get-token), like the cloud stacks", () => {
    const alias = list(onprem, "provider.kubernetes").find((p) => at(p, "alias") === "cloud");
    const getToken: unknown = expect.arrayContaining([
      "get-token",
      "--cluster-name",
      "hybrid-mesh-cloud",
      "--region",
      "eu-west-1",
    ]);
    expect(at(alias, "exec")).toEqual([expect.objectContaining({ command: "aws", args: getToken })]);
    expect(at(alias, "token")).toBeUndefined();
    expect(at(onprem, "data.aws_eks_cluster_auth")).toBeUndefined();
  });

  it("puts no peering objects in the acceptor's own mesh stack", () => {
    expect(ofKind(cloud, "PeeringAcceptor")).toEqual([]);
    expect(ofKind(cloud, "PeeringDialer")).toEqual([]);
  });
});

describe("deploy order", () => {
  // The app itself (built, not synthesized): the order and dependencies of its stacks.
  let mesh: ReturnType<typeof defaultApp>;
  beforeAll(() => {
    mesh = defaultApp();
  });

  it("orders infra, then consul, then mesh with the acceptor before the dialer", () => {
    // when
    const order = mesh.stacks.map((s) => s.id);
    // then
    expect(order).toEqual(["cloud-infra", "onprem-kind", "consul-cloud", "consul-onprem", "mesh-cloud", "mesh-onprem"]);
  });

  it("declares the dependencies that cdktf deploy '*' follows", () => {
    const deps = (id: string) =>
      (mesh.stacks.find((s) => at(s, "id") === id)?.stack.dependencies ?? []).map((d) => d.node.id).sort();
    expect(deps("consul-cloud")).toEqual(["cloud-infra"]);
    expect(deps("consul-onprem")).toEqual(["onprem-kind"]);
    expect(deps("mesh-cloud")).toEqual(["consul-cloud"]);
    expect(deps("mesh-onprem")).toEqual(["consul-cloud", "consul-onprem", "mesh-cloud"]);
  });
});

import { defaultApp, defaultStackJson, manifests, type Json } from "./helpers";

let cloud: Json;
let onprem: Json;
beforeAll(() => {
  cloud = defaultStackJson("mesh-cloud");
  onprem = defaultStackJson("mesh-onprem");
});
const ofKind = (json: Json, kind: string) => manifests<Json>(json).filter((m) => m.kind === kind);
const named = (json: Json, kind: string, name: string) => ofKind(json, kind).find((m) => m.metadata.name === name);
const podAnnotations = (json: Json, svc: string) =>
  Object.values(json.resource.kubernetes_deployment_v1 as Json).find((d) => d.metadata.name === svc)?.spec.template.metadata.annotations;
const env = (json: Json, svc: string) =>
  Object.values(json.resource.kubernetes_deployment_v1 as Json).find((d) => d.metadata.name === svc)?.spec.template.spec.container[0].env;

describe.each(["mesh-cloud", "mesh-onprem"])("%s", (id) => {
  let json: Json;
  beforeAll(() => {
    json = id === "mesh-cloud" ? cloud : onprem;
  });
  it("peers through mesh gateways, routes through the local gateway, and denies by default", () => {
    expect(named(json, "Mesh", "mesh")?.spec).toEqual({ peering: { peerThroughMeshGateways: true } });
    expect(named(json, "ProxyDefaults", "global")?.spec.meshGateway).toEqual({ mode: "local" });
    const deny = ofKind(json, "ServiceIntentions").find((m) => m.spec.destination.name === "*");
    expect(deny?.spec.sources).toEqual([expect.objectContaining({ name: "*", action: "deny" })]);
  });

  it("never allows a wildcard source", () => {
    for (const i of ofKind(json, "ServiceIntentions")) {
      for (const s of i.spec.sources) if (s.name === "*") expect(s.action).toBe("deny");
    }
  });

  it("gives every service a ServiceDefaults with its protocol", () => {
    const deployments = Object.values(json.resource.kubernetes_deployment_v1 as Json).map((d) => d.metadata.name).sort();
    const defaults = ofKind(json, "ServiceDefaults").map((m) => [m.metadata.name, m.spec.protocol]);
    expect(defaults.map(([n]) => n).sort()).toEqual(deployments);
    for (const [, protocol] of defaults) expect(protocol).toBe("http");
  });

  it("runs every workload under the restricted Pod Security profile, with limits", () => {
    for (const d of Object.values(json.resource.kubernetes_deployment_v1 as Json)) {
      const pod = d.spec.template.spec;
      expect(pod.security_context).toMatchObject({ run_as_non_root: true, seccomp_profile: { type: "RuntimeDefault" } });
      expect(pod.host_network).toBeFalsy();
      for (const c of pod.container) {
        expect(c.security_context).toMatchObject({ read_only_root_filesystem: true, allow_privilege_escalation: false, privileged: false, capabilities: { drop: ["ALL"] } });
        expect(Object.keys(c.resources.limits).sort()).toEqual(["cpu", "memory"]);
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
    expect(exp?.spec.services).toEqual([{ name: "c", consumers: [{ peer: "onprem" }] }]);
  });

  it("allows a from peer onprem on c in the cloud", () => {
    const i = ofKind(cloud, "ServiceIntentions").find((m) => m.spec.destination.name === "c");
    expect(i?.spec.sources).toEqual([{ name: "a", peer: "onprem", action: "allow" }]);
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
    expect(named(cloud, "ServiceResolver", "e")?.spec.failover).toEqual({ "*": { targets: [{ peer: "onprem" }] } });
  });

  it("passively health-checks e on its caller d, locally and through the peer", () => {
    const overrides = named(cloud, "ServiceDefaults", "d")?.spec.upstreamConfig.overrides;
    expect(overrides.map((o: Json) => [o.name, o.peer])).toEqual([["e", undefined], ["e", "onprem"]]);
    expect(overrides[0].passiveHealthCheck).toMatchObject({ maxFailures: 3 });
  });

  it("exports e from on-prem to the cloud and allows d from peer cloud there", () => {
    const exp = named(onprem, "ExportedServices", "default");
    expect(exp?.spec.services).toContainEqual({ name: "e", consumers: [{ peer: "cloud" }] });
    const i = ofKind(onprem, "ServiceIntentions").find((m) => m.spec.destination.name === "e");
    expect(i?.spec.sources).toEqual([{ name: "d", peer: "cloud", action: "allow" }]);
  });
});

describe("automated peering", () => {
  it("accepts in the cloud (through the aliased cloud provider) and dials from on-prem", () => {
    const acceptor = Object.values(onprem.resource.kubernetes_manifest as Json).find((r) => r.manifest.kind === "PeeringAcceptor");
    const dialer = Object.values(onprem.resource.kubernetes_manifest as Json).find((r) => r.manifest.kind === "PeeringDialer");
    expect(acceptor.provider).toBe("kubernetes.cloud");
    expect(acceptor.manifest.metadata.name).toBe("onprem");
    expect(dialer.manifest.metadata.name).toBe("cloud");
    expect(dialer.provider).toBe("kubernetes");
    // The dialer waits for the token Secret and for on-prem's Mesh (peer through mesh gateways).
    const mesh = Object.entries(onprem.resource.kubernetes_manifest as Json).find(([, r]) => r.manifest.kind === "Mesh")![0];
    expect(dialer.depends_on).toEqual([expect.stringMatching(/^kubernetes_secret_v1\./), `kubernetes_manifest.${mesh}`]);
    expect(dialer.wait).toEqual({ fields: { "status.latestPeeringVersion": "^1$" } });
  });

  it("asks for Terraform 1.11+ where the token Secret is write-only, and only there", () => {
    expect(onprem.terraform.required_version).toBe(">= 1.11.0");
    expect(cloud.terraform.required_version).toBeUndefined();
  });

  it("copies the token by reference only; nothing sensitive is a literal or an output", () => {
    const secret = Object.values(onprem.resource.kubernetes_secret_v1 as Json)[0];
    expect(Object.values(secret.data_wo)).toEqual([expect.stringMatching(/^\$\{data\.kubernetes_secret_v1\.[^}]+\.data\["data"\]\}$/)]);
    expect(onprem.output).toBeUndefined();
  });

  it("reaches the cloud cluster through its alias with exec (aws eks get-token), like the cloud stacks", () => {
    const alias = (onprem.provider.kubernetes as Json[]).find((p) => p.alias === "cloud")!;
    expect(alias.exec).toEqual([expect.objectContaining({ command: "aws", args: expect.arrayContaining(["get-token", "--cluster-name", "hybrid-mesh-cloud", "--region", "eu-west-1"]) })]);
    expect(alias.token).toBeUndefined();
    expect(onprem.data.aws_eks_cluster_auth).toBeUndefined();
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
    const deps = (id: string) => mesh.stacks.find((s) => s.id === id)!.stack.dependencies.map((d) => d.node.id).sort();
    expect(deps("consul-cloud")).toEqual(["cloud-infra"]);
    expect(deps("consul-onprem")).toEqual(["onprem-kind"]);
    expect(deps("mesh-cloud")).toEqual(["consul-cloud"]);
    expect(deps("mesh-onprem")).toEqual(["consul-cloud", "consul-onprem", "mesh-cloud"]);
  });
});

import * as YAML from "yaml";
import { at, record, resources, resourcesById, text, type Block, type TerraformJson } from "../support";
import { defaultStackJson } from "./helpers";

const values = (json: TerraformJson): unknown =>
  YAML.parse(text(resources(json, "helm_release")[0], "values[0]")) as unknown;

describe.each(["consul-cloud", "consul-onprem"])("%s", (id) => {
  let json: TerraformJson, release: Block, v: unknown;
  beforeAll(() => {
    json = defaultStackJson(id);
    release = resources(json, "helm_release")[0];
    v = values(json);
  });

  it("pins HashiCorp's consul chart 2.0.x into the consul namespace", () => {
    // given the consul release of the default synth (beforeAll); then
    const pinned = {
      chart: "consul",
      repository: "https://helm.releases.hashicorp.com",
      namespace: "consul",
      atomic: true,
    };
    expect(release).toMatchObject(pinned);
    expect(release.version).toMatch(/^2\.0\.\d+$/);
  });

  it("turns on TLS with verify, HTTPS only and auto-encrypt, managed ACLs and a generated gossip key", () => {
    expect(at(v, "global.tls")).toEqual({ enabled: true, enableAutoEncrypt: true, verify: true, httpsOnly: true });
    expect(at(v, "global.acls.manageSystemACLs")).toBe(true);
    expect(at(v, "global.gossipEncryption")).toEqual({ autoGenerate: true });
  });

  it("enables peering, mesh gateways, connect-inject and CNI, keeping the UI and servers private", () => {
    expect(at(v, "global.peering.enabled")).toBe(true);
    expect(at(v, "meshGateway.enabled")).toBe(true);
    expect(at(v, "connectInject")).toMatchObject({ enabled: true, cni: { enabled: true } });
    expect(at(v, "ui.service.type")).toBe("ClusterIP");
    expect(at(v, "ui.ingress.enabled")).toBe(false);
    expect(at(v, "server.exposeService.enabled")).toBe(false);
  });

  it("adds a PodDisruptionBudget for the mesh gateway after the release", () => {
    const pdb = resources(json, "kubernetes_pod_disruption_budget_v1")[0];
    expect(at(pdb, "spec.selector.match_labels")).toEqual({
      app: "consul",
      component: "mesh-gateway",
      release: "consul",
    });
    expect(at(pdb, "depends_on")).toEqual(["helm_release.consul"]);
  });

  it("holds no Consul CRD objects (their CRDs come from this very release)", () => {
    expect(at(json, "resource.kubernetes_manifest")).toBeUndefined();
  });

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});

describe("consul-cloud on EKS", () => {
  let json: TerraformJson, v: unknown;
  beforeAll(() => {
    json = defaultStackJson("consul-cloud");
    v = values(json);
  });

  it("runs 3 servers and 2 anti-affine gateways behind an internal NLB limited to the on-prem ranges", () => {
    expect(at(v, "global.datacenter")).toBe("cloud");
    expect(at(v, "server.replicas")).toBe(3);
    expect(at(v, "meshGateway.replicas")).toBe(2);
    expect(at(v, "meshGateway.affinity")).toContain("podAntiAffinity");
    expect(at(v, "meshGateway.service.type")).toBe("LoadBalancer");
    expect(at(v, "meshGateway.service.annotations")).toContain('aws-load-balancer-internal: "true"');
    expect(YAML.parse(text(v, "meshGateway.service.additionalSpec"))).toEqual({
      loadBalancerSourceRanges: ["192.168.0.0/16"],
    });
  });

  it("reaches the cluster through aws_eks_cluster data sources, not cloud-infra's resources", () => {
    expect(Object.keys(record(json, "data"))).toEqual(["aws_eks_cluster"]);
    expect(at(json, "provider.kubernetes[0].host")).toBe("${data.aws_eks_cluster.eks-cluster.endpoint}");
    expect(JSON.stringify(json)).not.toContain("terraform_remote_state");
  });

  it("gets a fresh token from `aws eks get-token` for every call (exec), never a 15-minute aws_eks_cluster_auth token", () => {
    const exec = {
      api_version: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", "hybrid-mesh-cloud", "--region", "eu-west-1", "--output", "json"],
    };
    expect(at(json, "provider.kubernetes[0].exec")).toEqual([exec]);
    expect(at(json, "provider.helm[0].kubernetes.exec")).toEqual(exec);
    expect(JSON.stringify(json)).not.toMatch(/aws_eks_cluster_auth|"token"/);
  });

  it("creates an encrypted gp3 StorageClass (EBS CSI, WaitForFirstConsumer) for the servers before the release", () => {
    const [[name, sc]] = Object.entries(resourcesById(json, "kubernetes_storage_class_v1"));
    expect(sc).toMatchObject({
      metadata: { name: "gp3-encrypted" },
      storage_provisioner: "ebs.csi.aws.com",
      parameters: { type: "gp3", encrypted: "true" },
      volume_binding_mode: "WaitForFirstConsumer",
    });
    expect(at(v, "server.storageClass")).toBe("gp3-encrypted");
    expect(resources(json, "helm_release")[0].depends_on).toContain(`kubernetes_storage_class_v1.${name}`);
  });

  it("runs 2 injectors with a budget that lets one go (the chart would compute 0 for 2)", () => {
    expect(at(v, "connectInject.replicas")).toBeGreaterThanOrEqual(2);
    expect(at(v, "connectInject.disruptionBudget")).toEqual({ maxUnavailable: 1 });
  });

  it("creates the namespaces with Pod Security labels, since cloud-infra cannot reach the cluster", () => {
    // when
    const ns = resources(json, "kubernetes_namespace_v1").map((n) => n.metadata);
    // then
    const restricted: unknown = expect.objectContaining({ "pod-security.kubernetes.io/enforce": "restricted" });
    expect(ns).toContainEqual(expect.objectContaining({ name: "apps", labels: restricted }));
  });
});

describe("consul-onprem on kind", () => {
  let json: TerraformJson, v: unknown;
  beforeAll(() => {
    json = defaultStackJson("consul-onprem");
    v = values(json);
  });

  it("runs 1 server without affinity and a NodePort gateway advertised at the kind host's LAN address and host port", () => {
    expect(at(v, "server.replicas")).toBe(1);
    expect(at(v, "server.affinity")).toBeNull();
    expect(at(v, "meshGateway.service")).toMatchObject({ type: "NodePort", nodePort: 30443 });
    expect(at(v, "meshGateway.wanAddress")).toEqual({ source: "Static", static: "192.168.10.20", port: 8443 });
  });

  it("has no budget that blocks every drain: the chart's server and injector PDBs are off, the gateway's allows one down", () => {
    expect(at(v, "server.disruptionBudget")).toEqual({ enabled: false });
    expect(at(v, "connectInject.disruptionBudget")).toEqual({ enabled: false });
    expect(at(v, "meshGateway.replicas")).toBe(1);
    const pdb = resources(json, "kubernetes_pod_disruption_budget_v1")[0];
    expect(at(pdb, "spec.max_unavailable")).toBe("1");
    expect(at(pdb, "spec.min_available")).toBeUndefined();
  });

  it("creates no StorageClass (kind's local-path default serves the claim)", () => {
    expect(at(json, "resource.kubernetes_storage_class_v1")).toBeUndefined();
  });

  it("targets the kube context from the config, without naming a kubeconfig path", () => {
    expect(at(json, "provider.kubernetes")).toEqual([{ config_context: "kind-hybrid-onprem" }]);
    expect(at(json, "provider.helm")).toEqual([{ kubernetes: { config_context: "kind-hybrid-onprem" } }]);
  });
});

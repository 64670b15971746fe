import * as YAML from "yaml";
import { defaultApp, stackJson, type Json } from "./helpers";

const mesh = defaultApp();
const values = (json: Json): Json => YAML.parse(Object.values(json.resource.helm_release as Json)[0].values[0]);

describe.each(["consul-cloud", "consul-onprem"])("%s", (id) => {
  const json = stackJson(mesh, id);
  const release = Object.values(json.resource.helm_release as Json)[0];
  const v = values(json);

  it("pins HashiCorp's consul chart 2.0.x into the consul namespace", () => {
    expect(release).toMatchObject({ chart: "consul", repository: "https://helm.releases.hashicorp.com", namespace: "consul", atomic: true });
    expect(release.version).toMatch(/^2\.0\.\d+$/);
  });

  it("turns on TLS with verify, HTTPS only and auto-encrypt, managed ACLs and a generated gossip key", () => {
    expect(v.global.tls).toEqual({ enabled: true, enableAutoEncrypt: true, verify: true, httpsOnly: true });
    expect(v.global.acls.manageSystemACLs).toBe(true);
    expect(v.global.gossipEncryption).toEqual({ autoGenerate: true });
  });

  it("enables peering, mesh gateways, connect-inject and CNI, keeping the UI and servers private", () => {
    expect(v.global.peering.enabled).toBe(true);
    expect(v.meshGateway.enabled).toBe(true);
    expect(v.connectInject).toMatchObject({ enabled: true, cni: { enabled: true } });
    expect(v.ui.service.type).toBe("ClusterIP");
    expect(v.ui.ingress.enabled).toBe(false);
    expect(v.server.exposeService.enabled).toBe(false);
  });

  it("adds a PodDisruptionBudget for the mesh gateway after the release", () => {
    const pdb = Object.values(json.resource.kubernetes_pod_disruption_budget_v1 as Json)[0];
    expect(pdb.spec.selector.match_labels).toEqual({ app: "consul", component: "mesh-gateway", release: "consul" });
    expect(pdb.depends_on).toEqual(["helm_release.consul"]);
  });

  it("holds no Consul CRD objects (their CRDs come from this very release)", () => {
    expect(json.resource.kubernetes_manifest).toBeUndefined();
  });

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});

describe("consul-cloud on EKS", () => {
  const json = stackJson(mesh, "consul-cloud");
  const v = values(json);

  it("runs 3 servers and 2 anti-affine gateways behind an internal NLB limited to the on-prem ranges", () => {
    expect(v.global.datacenter).toBe("cloud");
    expect(v.server.replicas).toBe(3);
    expect(v.meshGateway.replicas).toBe(2);
    expect(v.meshGateway.affinity).toContain("podAntiAffinity");
    expect(v.meshGateway.service.type).toBe("LoadBalancer");
    expect(v.meshGateway.service.annotations).toContain('aws-load-balancer-internal: "true"');
    expect(YAML.parse(v.meshGateway.service.additionalSpec)).toEqual({ loadBalancerSourceRanges: ["192.168.0.0/16"] });
  });

  it("reaches the cluster through aws_eks_cluster data sources, not cloud-infra's resources", () => {
    expect(Object.keys(json.data)).toEqual(expect.arrayContaining(["aws_eks_cluster", "aws_eks_cluster_auth"]));
    expect(json.provider.kubernetes[0].host).toBe("${data.aws_eks_cluster.eks-cluster.endpoint}");
    expect(json.provider.helm[0].kubernetes.token).toBe("${data.aws_eks_cluster_auth.eks-auth.token}");
    expect(JSON.stringify(json)).not.toContain("terraform_remote_state");
  });

  it("creates the namespaces with Pod Security labels, since cloud-infra cannot reach the cluster", () => {
    const ns = Object.values(json.resource.kubernetes_namespace_v1 as Json).map((n) => n.metadata);
    expect(ns).toContainEqual(expect.objectContaining({ name: "apps", labels: expect.objectContaining({ "pod-security.kubernetes.io/enforce": "restricted" }) }));
  });
});

describe("consul-onprem on kind", () => {
  const json = stackJson(mesh, "consul-onprem");
  const v = values(json);

  it("runs 1 server without affinity and a NodePort gateway advertised at the node IP", () => {
    expect(v.server.replicas).toBe(1);
    expect(v.server.affinity).toBeNull();
    expect(v.meshGateway.service).toMatchObject({ type: "NodePort", nodePort: 30443 });
    expect(v.meshGateway.wanAddress).toEqual({ source: "NodeIP", port: 30443 });
  });

  it("targets the kube context from the config, without naming a kubeconfig path", () => {
    expect(json.provider.kubernetes).toEqual([{ config_context: "kind-hybrid-onprem" }]);
    expect(json.provider.helm).toEqual([{ kubernetes: { config_context: "kind-hybrid-onprem" } }]);
  });
});

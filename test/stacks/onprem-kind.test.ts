import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { defaultStackJson, type Json } from "./helpers";

describe("onprem-kind", () => {
  let json: Json;
  beforeAll(() => {
    json = defaultStackJson("onprem-kind");
  });

  it("prepares the consul and apps namespaces, apps under the restricted Pod Security Standard", () => {
    const ns = Object.fromEntries(Object.values(json.resource.kubernetes_namespace_v1 as Json).map((n) => [n.metadata.name, n.metadata.labels]));
    expect(ns.apps["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(ns.consul["pod-security.kubernetes.io/enforce"]).toBe("privileged");
  });

  it("targets the on-prem kube context and keeps its own local state", () => {
    expect(json.provider.kubernetes).toEqual([{ config_context: "kind-hybrid-onprem" }]);
    expect(json.terraform.backend.local.path).toBe("../../../state/onprem-kind.tfstate");
  });

  it("ships a kind config whose NodePort mapping matches the mesh gateway's", () => {
    const kind = YAML.parse(fs.readFileSync(path.join(__dirname, "../../config/kind/onprem.yaml"), "utf8"));
    const ports = kind.nodes.flatMap((n: Json) => n.extraPortMappings ?? []).map((m: Json) => m.containerPort);
    expect(ports).toContain(30443);
    expect(kind.networking.podSubnet).toBe("10.244.0.0/16");
  });

  it("creates the cluster without kindnet and installs Calico (pinned) with the kind pod subnet as its pool", () => {
    const kind = YAML.parse(fs.readFileSync(path.join(__dirname, "../../config/kind/onprem.yaml"), "utf8"));
    expect(kind.networking.disableDefaultCNI).toBe(true);
    const release = Object.values(json.resource.helm_release as Json)[0];
    expect(release).toMatchObject({ chart: "tigera-operator", repository: "https://docs.tigera.io/calico/charts", namespace: "tigera-operator", create_namespace: true });
    expect(release.version).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(YAML.parse(release.values[0]).installation.calicoNetwork.ipPools).toEqual([
      { cidr: kind.networking.podSubnet, encapsulation: "VXLAN", natOutgoing: "Enabled", nodeSelector: "all()" },
    ]);
    expect(json.provider.helm).toEqual([{ kubernetes: { config_context: "kind-hybrid-onprem" } }]);
  });

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});

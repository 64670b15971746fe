import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { at, list, resources, text, type TerraformJson } from "../support";
import { defaultStackJson } from "./helpers";

describe("onprem-kind", () => {
  let json: TerraformJson;
  beforeAll(() => {
    json = defaultStackJson("onprem-kind");
  });

  it("prepares the consul and apps namespaces, apps under the restricted Pod Security Standard", () => {
    const ns = Object.fromEntries(
      resources(json, "kubernetes_namespace_v1").map((n) => [text(n, "metadata.name"), at(n, "metadata.labels")]),
    );
    expect(at(ns, ["apps", "pod-security.kubernetes.io/enforce"])).toBe("restricted");
    expect(at(ns, ["consul", "pod-security.kubernetes.io/enforce"])).toBe("privileged");
  });

  it("targets the on-prem kube context and keeps its own local state", () => {
    expect(at(json, "provider.kubernetes")).toEqual([{ config_context: "kind-hybrid-onprem" }]);
    expect(at(json, "terraform.backend.local.path")).toBe("../../../state/onprem-kind.tfstate");
  });

  it("ships a kind config whose NodePort mapping matches the mesh gateway's", () => {
    const kind = YAML.parse(fs.readFileSync(path.join(__dirname, "../../config/kind/onprem.yaml"), "utf8")) as unknown;
    const ports = list(kind, "nodes")
      .flatMap((n) => (at(n, "extraPortMappings") ?? []) as unknown[])
      .map((m) => at(m, "containerPort"));
    expect(ports).toContain(30443);
    expect(at(kind, "networking.podSubnet")).toBe("10.244.0.0/16");
  });

  it("creates the cluster without kindnet and installs Calico (pinned) with the kind pod subnet as its pool", () => {
    const kind = YAML.parse(fs.readFileSync(path.join(__dirname, "../../config/kind/onprem.yaml"), "utf8")) as unknown;
    expect(at(kind, "networking.disableDefaultCNI")).toBe(true);
    const release = resources(json, "helm_release")[0];
    expect(release).toMatchObject({
      chart: "tigera-operator",
      repository: "https://docs.tigera.io/calico/charts",
      namespace: "tigera-operator",
      create_namespace: true,
    });
    expect(release.version).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(at(YAML.parse(text(release, "values[0]")), "installation.calicoNetwork.ipPools")).toEqual([
      { cidr: at(kind, "networking.podSubnet"), encapsulation: "VXLAN", natOutgoing: "Enabled", nodeSelector: "all()" },
    ]);
    expect(at(json, "provider.helm")).toEqual([{ kubernetes: { config_context: "kind-hybrid-onprem" } }]);
  });

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});

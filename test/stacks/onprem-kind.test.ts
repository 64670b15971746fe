import * as fs from "fs";
import * as path from "path";
import * as YAML from "yaml";
import { defaultApp, stackJson, type Json } from "./helpers";

describe("onprem-kind", () => {
  const json = stackJson(defaultApp(), "onprem-kind");

  it("prepares the consul and apps namespaces, apps under the restricted Pod Security Standard", () => {
    const ns = Object.fromEntries(Object.values(json.resource.kubernetes_namespace_v1 as Json).map((n) => [n.metadata.name, n.metadata.labels]));
    expect(ns.apps["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(ns.consul["pod-security.kubernetes.io/enforce"]).toBe("privileged");
  });

  it("targets the on-prem kube context and keeps its own local state", () => {
    expect(json.provider.kubernetes).toEqual([{ config_context: "kind-hybrid-onprem" }]);
    expect(json.terraform.backend.local.path).toBe("terraform.onprem-kind.tfstate");
  });

  it("ships a kind config whose NodePort mapping matches the mesh gateway's", () => {
    const kind = YAML.parse(fs.readFileSync(path.join(__dirname, "../../config/kind/onprem.yaml"), "utf8"));
    const ports = kind.nodes.flatMap((n: Json) => n.extraPortMappings ?? []).map((m: Json) => m.containerPort);
    expect(ports).toContain(30443);
    expect(kind.networking.podSubnet).toBe("10.244.0.0/16");
  });

  it("matches its snapshot", () => {
    expect(json).toMatchSnapshot();
  });
});

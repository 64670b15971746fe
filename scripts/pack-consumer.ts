// A consumer of the packed library: imports only the package root, as another repo would.
import { App, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import * as fs from "fs";
import * as path from "path";
import {
  ConsulTarget,
  ExportedServices,
  Mesh,
  MeshValidationError,
  ProxyDefaults,
  ServiceDefaults,
  ServiceIntentions,
  ServiceResolver,
  ServiceSplitter,
  deriveTopology,
  type ServiceSplitterProps,
} from "hybrid-mesh";

const outdir = process.argv[2];
const app = new App({ outdir });
const stack = new TerraformStack(app, "consumer");
const provider = new KubernetesProvider(stack, "k8s", { configContext: "kind-consumer" });
ConsulTarget.set(stack, { edition: "ce" });
new Mesh(stack, "mesh", { provider, peerThroughMeshGateways: true });
new ProxyDefaults(stack, "proxy", { provider, meshGatewayMode: "local" });
ServiceIntentions.defaultDeny(stack, "deny", { provider });
new ServiceIntentions(stack, "to-c", {
  provider,
  destination: "c",
  sources: [{ name: "a", peer: "onprem", action: "allow" }],
});
new ExportedServices(stack, "exports", { provider }).addService({ name: "c", consumers: [{ peer: "onprem" }] });
new ServiceDefaults(stack, "c-defaults", { provider, service: "c", protocol: "http" });
// A kind added with the full CRD coverage: a 90/10 canary of c, typed by the package's exported props.
const canary: ServiceSplitterProps = {
  provider,
  service: "c",
  splits: [
    { weight: 90, serviceSubset: "v1" },
    { weight: 10, serviceSubset: "v2" },
  ],
};
new ServiceSplitter(stack, "c-splitter", canary);
new ServiceResolver(stack, "c-resolver", {
  provider,
  service: "c",
  failoverPeers: ["onprem"],
  subsets: { v1: { filter: "Service.Meta.version == v1" }, v2: { filter: "Service.Meta.version == v2" } },
});
const plan = deriveTopology({
  environments: [
    { name: "cloud", reachableFrom: ["onprem"] },
    { name: "onprem", reachableFrom: ["cloud"] },
  ],
  peerings: [{ acceptor: "cloud", dialer: "onprem" }],
  services: [
    { name: "a", environments: ["onprem"], port: 8080, entrypoint: true },
    { name: "c", environments: ["cloud"], port: 8080 },
  ],
  calls: [{ from: "a", to: "c" }],
});
try {
  new ServiceIntentions(stack, "bad", {
    provider,
    destination: "c",
    sources: [{ name: "a", peer: "*", action: "allow" }],
  });
  throw new Error("a wildcard peer was accepted");
} catch (e) {
  if (!MeshValidationError.isMeshValidationError(e)) throw e;
  stack.node.tryRemoveChild("bad");
}
try {
  new ServiceResolver(stack, "second-resolver", { provider, service: "c" });
  throw new Error("a second ServiceResolver for c was accepted");
} catch (e) {
  if (!MeshValidationError.isMeshValidationError(e) || !/already defined by consumer\/c-resolver/.test(e.message))
    throw e;
  stack.node.tryRemoveChild("second-resolver");
}
app.synth();
const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "consumer", "cdk.tf.json"), "utf8"));
const kinds = Object.values(json.resource.kubernetes_manifest as Record<string, { manifest: { kind: string } }>)
  .map((m) => m.manifest.kind)
  .sort();
console.log(
  `consumer synthesized ${kinds.length} Consul objects (${kinds.join(", ")}); derived ${plan.allowList.length} allowed path`,
);
if (kinds.length !== 8 || !kinds.includes("ServiceSplitter"))
  throw new Error(`expected 8 Consul objects with a ServiceSplitter, got ${kinds.join(", ")}`);

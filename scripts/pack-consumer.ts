// A consumer of the packed library: imports only the package root, as another repo would.
import { App, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import * as fs from "fs";
import * as path from "path";
import {
  ExportedServices, Mesh, MeshValidationError, ProxyDefaults, ServiceDefaults, ServiceIntentions, ServiceResolver, deriveTopology,
} from "hybrid-mesh";

const outdir = process.argv[2];
const app = new App({ outdir });
const stack = new TerraformStack(app, "consumer");
const provider = new KubernetesProvider(stack, "k8s", { configContext: "kind-consumer" });
new Mesh(stack, "mesh", { provider, peerThroughMeshGateways: true });
new ProxyDefaults(stack, "proxy", { provider, meshGatewayMode: "local" });
ServiceIntentions.defaultDeny(stack, "deny", { provider });
new ServiceIntentions(stack, "to-c", { provider, destination: "c", sources: [{ name: "a", peer: "onprem", action: "allow" }] });
new ExportedServices(stack, "exports", { provider }).addService({ name: "c", consumers: [{ peer: "onprem" }] });
new ServiceResolver(stack, "c-resolver", { provider, service: "c", failoverPeers: ["onprem"] });
new ServiceDefaults(stack, "c-defaults", { provider, service: "c", protocol: "http" });
const plan = deriveTopology({
  environments: [{ name: "cloud", reachableFrom: ["onprem"] }, { name: "onprem", reachableFrom: ["cloud"] }],
  peerings: [{ acceptor: "cloud", dialer: "onprem" }],
  services: [{ name: "a", environments: ["onprem"], port: 8080, entrypoint: true }, { name: "c", environments: ["cloud"], port: 8080 }],
  calls: [{ from: "a", to: "c" }],
});
try {
  new ServiceIntentions(stack, "bad", { provider, destination: "c", sources: [{ name: "a", peer: "*", action: "allow" }] });
  throw new Error("a wildcard peer was accepted");
} catch (e) {
  if (!MeshValidationError.isMeshValidationError(e)) throw e;
  stack.node.tryRemoveChild("bad");
}
app.synth();
const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "consumer", "cdk.tf.json"), "utf8"));
const kinds = Object.values(json.resource.kubernetes_manifest as Record<string, { manifest: { kind: string } }>).map((m) => m.manifest.kind).sort();
console.log(`consumer synthesized ${kinds.length} Consul objects (${kinds.join(", ")}); derived ${plan.allowList.length} allowed path`);
if (kinds.length !== 7) throw new Error(`expected 7 Consul objects, got ${kinds.length}`);

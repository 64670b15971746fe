import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { Testing, TerraformStack } from "cdktf";
import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { summaryLines } from "../../app/summary";
import { synthesize, type SynthResult } from "../../app/synth";
import { deriveTopology } from "../../constructs/topology";
import { renderTerminatingGateway } from "../../stacks/terminating-gateway-objects";
import {
  at,
  list,
  manifests,
  must,
  record,
  resources,
  text,
  withoutMetadata,
  type TerraformJson,
} from "../support/json";
import { readStackJson } from "../support/files";
import { needsReference } from "../support/needs";
import { defaultSpec } from "../topology/fixtures";

// The kind example with a legacy service (config/hybrid-kind-legacy.yaml), synthesized once.
const REPO = path.resolve(__dirname, "../..");
const validator = needsReference("validate-consul-manifests.mjs", "the consul-k8s 2.0.3 CRD schemas and validator");
let dir: string;
let result: SynthResult;
const json = (stack: string): TerraformJson => withoutMetadata(readStackJson(path.join(dir, "out"), stack));
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "hm-tgw-"));
  result = synthesize({
    outdir: path.join(dir, "out"),
    configFile: path.join(REPO, "config", "hybrid-kind-legacy.yaml"),
  });
});
afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const named = (stack: string, kind: string, name: string) =>
  manifests(json(stack)).find((m) => m.kind === kind && m.metadata.name === name);
const deployment = (stack: string, svc: string) =>
  resources(json(stack), "kubernetes_deployment_v1").find((d) => at(d, "metadata.name") === svc);
const chartValues = (stack: string) =>
  record(YAML.parse(text(resources(json(stack), "helm_release")[0], "values[0]")) as unknown);

describe("kind: a legacy service through the terminating gateway", () => {
  it("links the external service to the chart's gateway and describes it as a destination", () => {
    expect(named("mesh-onprem", "TerminatingGateway", "terminating-gateway")).toMatchObject({
      metadata: { namespace: "consul" },
      spec: { services: [{ name: "mainframe" }] },
    });
    expect(named("mesh-onprem", "ServiceDefaults", "mainframe")?.spec).toEqual({
      protocol: "http",
      destination: { addresses: ["192.168.20.15"], port: 8080 },
    });
  });

  it("allows only b, and keeps default deny", () => {
    // when
    const mainframe = named("mesh-onprem", "ServiceIntentions", "mainframe");
    const deny = manifests(json("mesh-onprem")).find(
      (m) => m.kind === "ServiceIntentions" && at(m, "spec.destination.name") === "*",
    );
    // then
    expect(mainframe?.spec).toEqual({ destination: { name: "mainframe" }, sources: [{ name: "b", action: "allow" }] });
    expect(deny?.spec.sources).toEqual([expect.objectContaining({ name: "*", action: "deny" })]);
  });

  it("keeps transparent proxies to mesh destinations where the gateway runs, and only there", () => {
    expect(named("mesh-onprem", "Mesh", "mesh")?.spec).toEqual({
      peering: { peerThroughMeshGateways: true },
      transparentProxy: { meshDestinationsOnly: true },
    });
    expect(named("mesh-cloud", "Mesh", "mesh")?.spec).toEqual({ peering: { peerThroughMeshGateways: true } });
    expect(named("mesh-cloud", "TerminatingGateway", "terminating-gateway")).toBeUndefined();
  });

  it("has b dial the service's own address (no upstream annotation), which its transparent proxy sends to the gateway", () => {
    // when
    const tpl = record(deployment("mesh-onprem", "b"), "spec.template");
    const annotations = record(tpl, "metadata.annotations");
    // then
    expect(annotations["consul.hashicorp.com/connect-service-upstreams"]).toBeUndefined();
    expect(annotations["consul.hashicorp.com/transparent-proxy"]).not.toBe("false");
    expect(list(tpl, "spec.container[0].env")).toContainEqual({
      name: "UPSTREAMS",
      value: "mainframe=http://192.168.20.15:8080",
    });
  });

  it("runs the chart's terminating gateway only in the environment that has external services", () => {
    expect(chartValues("consul-onprem").terminatingGateways).toEqual({
      enabled: true,
      defaults: { replicas: 1 },
      gateways: [{ name: "terminating-gateway" }],
    });
    expect(chartValues("consul-cloud").terminatingGateways).toBeUndefined();
  });

  it("says so in the summary and the diagram", () => {
    // when
    const summary = summaryLines(result);
    const md = fs.readFileSync(path.join(dir, "out", "topology.md"), "utf8");
    // then
    expect(summary).toContain(
      "    external mainframe at 192.168.20.15:8080 (http) through the terminating gateway; callers b",
    );
    expect(md).toContain('onprem__mainframe__external_[/"mainframe<br/>external 192.168.20.15:8080"/]');
    expect(md).toContain("Dashed parallelograms: services outside the mesh");
  });

  validator.it("passes the consul-k8s validator with 0 problems", () => {
    // given
    const files = fs
      .readdirSync(path.join(dir, "out", "stacks"))
      .map((s) => path.join(dir, "out", "stacks", s, "cdk.tf.json"));
    // when
    const r = spawnSync(process.execPath, [validator.path, "--modules", REPO, ...files], { encoding: "utf8" });
    // then
    expect(r.stdout.trim().split("\n").pop()).toMatch(/ 0 problems$/);
    expect(r.status).toBe(0);
  });
});

describe("renderTerminatingGateway", () => {
  const render = (spec: ReturnType<typeof defaultSpec>, registration?: "destination" | "catalog") => {
    const plan = must(deriveTopology(spec).environments.find((e) => e.name === "onprem"));
    const stack = new TerraformStack(Testing.app(), "s");
    const provider = new KubernetesProvider(stack, "k8s", {});
    const made = renderTerminatingGateway(stack, plan, { provider, namespace: "consul" }, { registration });
    return { made, kinds: manifests(JSON.parse(Testing.synth(stack)) as TerraformJson) };
  };
  const withMainframe = () => {
    const s = defaultSpec();
    s.externalServices = [
      { name: "mainframe", address: "mainframe.corp.example", port: 443, environment: "onprem", protocol: "http" },
    ];
    return s;
  };

  it("makes nothing for an environment without external services", () => {
    const { made, kinds } = render(defaultSpec());
    expect(made).toBeUndefined();
    expect(kinds).toEqual([]);
  });

  it("with catalog registration (VMs) sets only the protocol, no destination", () => {
    const { kinds } = render(withMainframe(), "catalog");
    expect(kinds.map((m) => [m.kind, m.metadata.name, m.spec])).toEqual([
      ["ServiceDefaults", "mainframe", { protocol: "http" }],
      ["TerminatingGateway", "terminating-gateway", { services: [{ name: "mainframe" }] }],
    ]);
  });

  it("with destination registration (Kubernetes) names the host", () => {
    const { kinds } = render(withMainframe());
    expect(must(kinds[0]).spec).toEqual({
      protocol: "http",
      destination: { addresses: ["mainframe.corp.example"], port: 443 },
    });
  });
});

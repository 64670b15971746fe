import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { DEFAULT_CONFIG, loadConfig, parseConfig } from "../../config/load";
import { MeshValidationError } from "../../constructs/errors";

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** The default config as a plain object, for mutation. */
const base = (): Json => YAML.parse(fs.readFileSync(DEFAULT_CONFIG, "utf8"));

/** The problem lines of a config, or [] if it is valid. */
function problems(mutate: (c: Json) => void): string[] {
  const c = base();
  mutate(c);
  try {
    parseConfig(c, "cfg");
    return [];
  } catch (e) {
    if (!MeshValidationError.isMeshValidationError(e)) throw e;
    return [...e.problems];
  }
}

describe("config loading", () => {
  it("loads the default config and normalizes it", () => {
    const c = loadConfig();
    expect(Object.keys(c.environments)).toEqual(["cloud", "onprem"]);
    expect(c.calls).toContainEqual({ from: "a", to: "c" });
    expect(c.services.find((s) => s.name === "b")).toMatchObject({ protocol: "http", entrypoint: false });
    expect(c.upstreamPortBase).toBe(9100);
    expect(c.peerings).toEqual([{ acceptor: "cloud", dialer: "onprem", version: 1 }]);
  });

  it("places A, B and F on-prem and C, D and E in the cloud", () => {
    const c = loadConfig();
    const home = Object.fromEntries(c.services.map((s) => [s.name, s.environments[0]]));
    expect(home).toEqual({ a: "onprem", b: "onprem", f: "onprem", c: "cloud", d: "cloud", e: "cloud" });
  });

  it("honours MESH_CONFIG", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-"));
    const file = path.join(dir, "mesh.yaml");
    const c = base();
    c.project = "other-mesh";
    fs.writeFileSync(file, YAML.stringify(c));
    const before = process.env.MESH_CONFIG;
    process.env.MESH_CONFIG = file;
    try {
      expect(loadConfig().project).toBe("other-mesh");
    } finally {
      if (before === undefined) delete process.env.MESH_CONFIG;
      else process.env.MESH_CONFIG = before;
      fs.rmSync(dir, { recursive: true });
    }
  });

  it("rejects an invalid CIDR, naming the path and the value", () => {
    expect(problems((c) => (c.environments.cloud.vpcCidr = "10.0.0.0/33"))).toEqual([
      'cfg: environments.cloud.vpcCidr: "10.0.0.0/33" is not a valid CIDR',
    ]);
  });

  it("reports every problem at once, one line each", () => {
    const lines = problems((c) => {
      c.environments.cloud.vpcCidr = "10.0.0.300/16";
      c.environments.cloud.meshGateway.replicas = "two";
      c.environments.onprem.kind = "bare";
      c.calls[0] = "a => b";
    });
    expect(lines).toEqual([
      'cfg: environments.cloud.vpcCidr: "10.0.0.300/16" is not a valid CIDR',
      'cfg: environments.cloud.meshGateway.replicas: "two" must be an integer',
      'cfg: environments.onprem.kind: "bare" must be one of "eks", "kind", "vm"',
      'cfg: calls[0]: "a => b" is not a call; write "from -> to"',
    ]);
  });

  it("rejects unknown and missing fields", () => {
    expect(problems((c) => (c.environments.cloud.vpcCird = "10.0.0.0/16"))).toContain("cfg: environments.cloud.vpcCird: unknown field");
    expect(problems((c) => delete c.environments.cloud.region)).toEqual(["cfg: environments.cloud.region: is required"]);
  });

  it("rejects a project name that is not a DNS label", () => {
    expect(problems((c) => (c.project = "Hybrid_Mesh"))).toEqual([
      "cfg: project: \"Hybrid_Mesh\" is not a DNS-1123 label (lower-case letters, digits and '-')",
    ]);
  });

  it("rejects overlapping on-prem and cloud networks", () => {
    expect(problems((c) => (c.environments.cloud.vpcCidr = "192.168.0.0/20"))).toEqual([
      'cfg: environments.onprem.networkCidrs[0]: "192.168.0.0/16" overlaps environments.cloud.vpcCidr ("192.168.0.0/20"); peered networks must not overlap',
    ]);
  });

  it("rejects a duplicate datacenter name", () => {
    expect(problems((c) => (c.environments.onprem.datacenter = "cloud"))).toEqual([
      'cfg: environments.onprem.datacenter: "cloud" is already the datacenter of environments.cloud',
    ]);
  });

  it("rejects a public EKS endpoint open to the world unless a suppression says why", () => {
    expect(problems((c) => (c.environments.cloud.eks.publicAccessCidrs = ["0.0.0.0/0"]))).toEqual([
      'cfg: environments.cloud.eks.publicAccessCidrs[0]: "0.0.0.0/0" is not allowed; name your networks, or add a suppression of HM-EKS-001 with a reason',
    ]);
    expect(problems((c) => {
      c.environments.cloud.eks.publicAccessCidrs = ["0.0.0.0/0"];
      c.suppressions = [{ rule: "HM-EKS-001", path: "cloud-infra/eks", reason: "lab cluster, torn down nightly" }];
    })).toEqual([]);
  });

  it("rejects a suppression without a reason", () => {
    expect(problems((c) => (c.suppressions = [{ rule: "HM-EKS-001", path: "cloud-infra/eks", reason: "  " }]))).toEqual([
      'cfg: suppressions[0].reason: "  " is blank; a suppression needs a reason',
    ]);
  });

  it("rejects inconsistent node group sizes", () => {
    expect(problems((c) => (c.environments.cloud.eks.nodeGroup.minSize = 5))).toEqual([
      'cfg: environments.cloud.eks.nodeGroup: {"minSize":5,"desiredSize":3,"maxSize":6} needs minSize <= desiredSize <= maxSize',
    ]);
  });

  it("rejects a peering with an unknown environment", () => {
    expect(problems((c) => (c.peerings[0].dialer = "edge"))).toEqual(['cfg: peerings[0].dialer: "edge" is not a declared environment']);
  });

  it("rejects an S3 backend without a bucket", () => {
    expect(problems((c) => (c.environments.cloud.backend = { type: "s3", region: "eu-west-1" }))).toEqual([
      "cfg: environments.cloud.backend.bucket: is required",
    ]);
  });

  it("reports unreadable files and YAML syntax errors without a stack trace", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cfg-"));
    const bad = path.join(dir, "bad.yaml");
    fs.writeFileSync(bad, "project: [unclosed\n");
    try {
      expect(() => loadConfig(bad)).toThrow(/bad\.yaml: not valid YAML: /);
      expect(() => loadConfig(path.join(dir, "missing.yaml"))).toThrow(/missing\.yaml: cannot read config \(ENOENT\)/);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});

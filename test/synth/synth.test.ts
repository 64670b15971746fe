import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { DEFAULT_CONFIG } from "../../config/load";
import { synthesize } from "../../app/synth";
import { summaryLines } from "../../app/summary";
import { problemsOf } from "../constructs/helpers";
import { configProblemsOf } from "../support/errors";
import { tree } from "../support/files";
import { at, list, manifests, must, record, renameEnvironmentRefs, set, unset, type TerraformJson } from "../support";

/** 1-based line of the first line of `file` that includes `needle` (after `after`, if given). */
function lineIn(file: string, needle: string, after?: string): number {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const from = after ? lines.findIndex((l) => l.includes(after)) : 0;
  return lines.findIndex((l, i) => i >= from && l.includes(needle)) + 1;
}

const ROOT = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-synth-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Writes the default config with `mutate` applied, returns its path. */
function configWith(name: string, mutate: (c: unknown) => void): string {
  const c = YAML.parse(fs.readFileSync(DEFAULT_CONFIG, "utf8")) as unknown;
  mutate(c);
  const file = path.join(tmp, `${name}.yaml`);
  fs.writeFileSync(file, YAML.stringify(c));
  return file;
}

describe("synthesize (the default config)", () => {
  const outA = path.join(tmp, "a");
  let result: ReturnType<typeof synthesize>;
  beforeAll(() => {
    result = synthesize({ outdir: outA, configFile: DEFAULT_CONFIG });
  });

  it("writes every stack, the manifest and the topology diagram, and no staging directory", () => {
    expect(fs.readdirSync(path.join(outA, "stacks")).sort()).toEqual([
      "cloud-infra",
      "consul-cloud",
      "consul-onprem",
      "mesh-cloud",
      "mesh-onprem",
      "onprem-kind",
    ]);
    expect(fs.existsSync(path.join(outA, "manifest.json"))).toBe(true);
    expect(fs.existsSync(`${outA}.staging`)).toBe(false);
    const md = fs.readFileSync(path.join(outA, "topology.md"), "utf8");
    expect(md).toContain("```mermaid\nflowchart LR");
    expect(md).toContain('onprem__a ==>|"via peer cloud"| cloud__c');
  });

  it("contains every Consul kind the mesh needs", () => {
    const kinds = new Set<string>();
    for (const json of result.stackJson.values()) {
      for (const r of Object.values(json.resource?.kubernetes_manifest ?? {}))
        kinds.add((r as { manifest: { kind: string } }).manifest.kind);
    }
    expect([...kinds].sort()).toEqual([
      "ExportedServices",
      "Mesh",
      "PeeringAcceptor",
      "PeeringDialer",
      "ProxyDefaults",
      "ServiceDefaults",
      "ServiceIntentions",
      "ServiceResolver",
    ]);
  });

  it("passes the policy gate with no violations and no suppressions", () => {
    expect(result.gate.violations).toEqual([]);
    expect(result.gate.suppressed).toEqual([]);
  });

  it("is deterministic: a second synth is byte-identical", () => {
    const outB = path.join(tmp, "b");
    synthesize({ outdir: outB, configFile: DEFAULT_CONFIG });
    expect(tree(outB)).toEqual(tree(outA));
  });

  it("keeps secrets out of the output: no token, key or password literal", () => {
    const all = Object.values(tree(outA)).join("\n");
    expect(all).not.toMatch(/AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----/);
    expect(all).not.toMatch(/"(token|password|gossip_?key)"\s*:\s*"[^$]/i);
    for (const json of result.stackJson.values())
      expect((json as { output?: unknown }).output === undefined || !JSON.stringify(json).includes("preshared")).toBe(
        true,
      );
  });

  it("summarizes stacks in deploy order, environments, connectivity and the allow-list", () => {
    const text = summaryLines(result).join("\n");
    const order = [
      "1. cloud-infra",
      "2. onprem-kind",
      "3. consul-cloud",
      "4. consul-onprem",
      "5. mesh-cloud",
      "6. mesh-onprem",
    ];
    let at = -1;
    for (const s of order) {
      expect(text.indexOf(s)).toBeGreaterThan(at);
      at = text.indexOf(s);
    }
    expect(text).toMatch(/cloud \(eks, datacenter cloud\): services c, d, e/);
    expect(text).toMatch(/onprem \(kind, datacenter onprem\): services a, b, e, f/);
    expect(text).toContain("Connectivity: site-to-site VPN");
    expect(text).toMatch(/a \(onprem\)\s+c \(cloud\)\s+peer onprem\s+call/);
    expect(text).toContain("Policy gate: ");
  });
});

describe("synthesize (bad input)", () => {
  it("fails on a service placed in an unknown environment, naming the path, and writes nothing", () => {
    const out = path.join(tmp, "bad-env");
    const file = configWith("bad-env", (c) =>
      list(c, "services").push({ name: "g", environments: ["mars"], port: 8080 }),
    );
    expect(configProblemsOf(() => synthesize({ outdir: out, configFile: file }))).toContain(
      `${file}:${lineIn(file, "mars")}: services[6].environments[0]: "mars" is not a declared environment`,
    );
    expect(fs.existsSync(out)).toBe(false);
    expect(fs.existsSync(`${out}.staging`)).toBe(false);
  });

  it("leaves an earlier cdktf.out untouched when a later synth fails", () => {
    const out = path.join(tmp, "kept");
    synthesize({ outdir: out, configFile: DEFAULT_CONFIG });
    const before = tree(out);
    const file = configWith("self-call", (c) => list(c, "calls").push("b -> b"));
    expect(configProblemsOf(() => synthesize({ outdir: out, configFile: file }))).toEqual([
      `${file}:${lineIn(file, "b -> b")}: calls[5]: "b -> b": a service cannot call itself`,
    ]);
    expect(tree(out)).toEqual(before);
  });

  it("fails when the policy gate finds a violation, with rule ID, path and fix, and writes nothing", () => {
    const out = path.join(tmp, "gate");
    const lines = problemsOf(() =>
      synthesize({
        outdir: out,
        configFile: DEFAULT_CONFIG,
        extend: (mesh) => {
          const infra = must(mesh.stacks.find((s) => s.id === "cloud-infra")).stack;
          new SecurityGroup(infra, "wide-open", {
            description: "test fixture",
            ingress: [
              { fromPort: 0, toPort: 65535, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], description: "everything" },
            ],
          });
        },
      }),
    );
    expect(lines.some((l) => l.startsWith("[HM-NET-001] cloud-infra/wide-open"))).toBe(true);
    expect(lines.some((l) => l.startsWith("[HM-NET-002] cloud-infra/wide-open"))).toBe(true);
    expect(fs.existsSync(out)).toBe(false);
  });

  it("applies a config suppression on purpose, and lists it with its reason", () => {
    const file = configWith("lab", (c) => {
      set(c, "environments.cloud.eks.publicAccessCidrs", ["0.0.0.0/0"]);
      set(c, "suppressions", [
        { rule: "HM-EKS-001", path: "cloud-infra/eks", reason: "lab cluster, torn down nightly" },
      ]);
    });
    const r = synthesize({ outdir: path.join(tmp, "lab"), configFile: file });
    expect(r.gate.violations).toEqual([]);
    expect(r.gate.suppressed.map((s) => [s.ruleId, s.path, s.reason])).toEqual([
      ["HM-EKS-001", "cloud-infra/eks/Resource", "lab cluster, torn down nightly"],
    ]);
    expect(summaryLines(r)).toContain(
      "  suppressed HM-EKS-001 at cloud-infra/eks/Resource: lab cluster, torn down nightly",
    );
  });

  it("rejects a suppression whose path names no construct, at suppressions[N], with the nearest paths", () => {
    const file = configWith("stale", (c) =>
      set(c, "suppressions", [{ rule: "HM-EKS-001", path: "cloud-infra/ek", reason: "was needed once" }]),
    );
    expect(configProblemsOf(() => synthesize({ outdir: path.join(tmp, "stale"), configFile: file }))).toEqual([
      `${file}:${lineIn(file, "path: cloud-infra/ek")}: suppressions[0].path: "cloud-infra/ek" names no construct; did you mean "cloud-infra/eks", "cloud-infra" or "cloud-infra/aws"?`,
    ]);
  });

  it("rejects a suppression of a rule the gate doesn't have, naming the nearest rule IDs only", () => {
    const file = configWith("unknown-rule", (c) =>
      set(c, "suppressions", [{ rule: "HM-EKS-010", path: "cloud-infra/eks", reason: "typo" }]),
    );
    expect(configProblemsOf(() => synthesize({ outdir: path.join(tmp, "unknown-rule"), configFile: file }))).toEqual([
      `${file}:${lineIn(file, "rule: HM-EKS-010")}: suppressions[0].rule: "HM-EKS-010" is not a rule of the policy gate; did you mean "HM-EKS-001", "HM-EKS-002" or "HM-EKS-003"?`,
    ]);
  });

  it("catches environment names whose stack ids collide, at the environment, instead of a construct-name stack trace", () => {
    const file = configWith("collide", (c) => {
      const rename = (from: string, to: string) => {
        set(c, ["environments", to], { ...record(c, ["environments", from]), datacenter: to });
        unset(c, ["environments", from]);
        renameEnvironmentRefs(c, from, to);
      };
      rename("cloud", "mesh");
      rename("onprem", "infra");
    });
    expect(configProblemsOf(() => synthesize({ outdir: path.join(tmp, "collide"), configFile: file }))).toEqual([
      `${file}:${lineIn(file, "infra:")}: environments.infra: its mesh stack "mesh-infra" has the same id as the infra stack of environments.mesh; rename one of the environments`,
    ]);
  });

  it("gives a stack's own check that names a config path the file and line too", () => {
    // The cluster name (project-environment) feeds IAM names; cloud-infra caps it at 52 characters.
    const file = configWith("long-project", (c) => set(c, "project", "a".repeat(50)));
    expect(configProblemsOf(() => synthesize({ outdir: path.join(tmp, "long-project"), configFile: file }))).toEqual([
      `${file}:${lineIn(file, "project:")}: project: "${"a".repeat(50)}-cloud" (cluster name) must be a letter then letters, digits or '-', at most 52 characters (checked by cloud-infra)`,
    ]);
  });

  it("prints warnings and still synthesizes", () => {
    const file = configWith("cycle", (c) => list(c, "calls").push("f -> a"));
    const r = synthesize({ outdir: path.join(tmp, "cycle"), configFile: file });
    expect(r.warnings).toEqual([
      `${file}:${lineIn(file, "f -> a")}: calls[5]: "a -> c -> d -> e -> f -> a" is a call cycle (5 services): a request that follows it never returns`,
    ]);
    expect(summaryLines(r)).toContain(`  ${r.warnings[0]}`);
  });

  it("fails on a cross-environment call with no gateway path back", () => {
    const file = configWith("no-path", (c) => {
      set(c, "connectivity", { type: "public" });
      set(c, "environments.cloud.peerSourceCidrs", ["198.51.100.0/24"]);
    });
    expect(configProblemsOf(() => synthesize({ outdir: path.join(tmp, "no-path"), configFile: file }))).toEqual([
      `${file}:${lineIn(file, "e -> f")}: calls[4]: "e -> f" from cloud: crosses from cloud to onprem, but the onprem mesh gateway is not reachable from cloud (connectivity is "public" and environments.onprem.meshGateway.publicAddress is not set; set it, or use connectivity type "vpn")`,
      `${file}:${lineIn(file, "service: e")}: failover[0]: e from cloud to onprem: crosses from cloud to onprem, but the onprem mesh gateway is not reachable from cloud (connectivity is "public" and environments.onprem.meshGateway.publicAddress is not set; set it, or use connectivity type "vpn")`,
    ]);
  });

  it("follows a one-line change: a new call b -> d derives its export, intention and upstream", () => {
    const file = configWith("new-call", (c) => list(c, "calls").push("b -> d"));
    const r = synthesize({ outdir: path.join(tmp, "new-call"), configFile: file });
    const cloudCrs = manifests(must(r.stackJson.get("mesh-cloud")) as TerraformJson);
    const exp = cloudCrs.find((m) => m.kind === "ExportedServices");
    expect(at(exp, "spec.services")).toContainEqual({ name: "d", consumers: [{ peer: "onprem" }] });
    const intention = cloudCrs.find((m) => m.kind === "ServiceIntentions" && at(m, "spec.destination.name") === "d");
    expect(at(intention, "spec.sources")).toContainEqual({ name: "b", peer: "onprem", action: "allow" });
    expect(JSON.stringify(r.stackJson.get("mesh-onprem"))).toContain("d.svc.cloud.peer:18431");
  });
});

describe("npm run synth (the CLI)", () => {
  it("prints one line per problem and no stack trace, exits 1, and writes nothing", () => {
    const out = path.join(tmp, "cli");
    const file = configWith("cli", (c) => set(c, "environments.cloud.vpcCidr", "10.0.0.0/33"));
    const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["scripts/synth.ts"], {
      cwd: ROOT,
      env: { ...process.env, MESH_CONFIG: file, CDKTF_OUTDIR: out },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      `${file}:${lineIn(file, "vpcCidr")}: environments.cloud.vpcCidr: "10.0.0.0/33" is not a valid CIDR`,
    );
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(fs.existsSync(out)).toBe(false);
  });
});

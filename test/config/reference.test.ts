import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import schema from "../../config/schema.json";
import { must } from "../support";

const ROOT = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
const section = readme.slice(
  readme.indexOf("## Configuration\n"),
  readme.indexOf("\n## ", readme.indexOf("## Configuration\n") + 1),
);

/** Every property name the schema declares, at any depth. */
function fieldNames(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => fieldNames(n, out));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node)) {
      if (k === "properties") Object.keys(v as object).forEach((name) => out.add(name));
      fieldNames(v, out);
    }
  }
  return out;
}

describe("README configuration reference", () => {
  it("documents every field of config/schema.json, the S3 backend's included", () => {
    const missing = [...fieldNames(schema)].filter((f) => !new RegExp(`\`[^\`]*\\b${f}\\b[^\`]*\``).test(section));
    expect(missing).toEqual([]);
    for (const f of ["bucket", "keyPrefix", "useLockfile", "dynamodbTable"]) expect(section).toContain(`| \`${f}\` |`);
  });

  it("has a short example per environment kind that the schema accepts", () => {
    const kinds = (schema.properties.environments.additionalProperties.oneOf as { $ref: string }[]).map((r) =>
      r.$ref.split("/").pop(),
    );
    expect(kinds).toEqual(["eksEnvironment", "kindEnvironment", "vmEnvironment"]);
    expect(section).toContain("### An `eks` environment\n\n```yaml\ncloud:\n  kind: eks");
    expect(section).toContain("### A `kind` environment\n\n```yaml\nonprem:\n  kind: kind");
    expect(section).toContain("### A `vm` environment\n\n```yaml\nonprem:\n  kind: vm");
  });

  it("shows the error sample exactly as the synth prints it", () => {
    const sample = must(/```text\n(synth failed[\s\S]*?)```/.exec(section))[1];
    // Run from a scratch directory, so the sample's relative path is real and the repo stays untouched.
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "readme-sample-"));
    fs.mkdirSync(path.join(cwd, "config"));
    const lab = path.join(cwd, "config", "lab.yaml");
    const text = fs
      .readFileSync(path.join(ROOT, "config", "default.yaml"), "utf8")
      .replace("vpcCidr: 10.20.0.0/16", "vpcCidr: 10.0.0.0/33")
      .replace("    kind: kind", "    kind: bare")
      .replace("  - a -> b", "  - a => b");
    fs.writeFileSync(lab, text);
    try {
      const r = spawnSync(path.join(ROOT, "node_modules", ".bin", "tsx"), [path.join(ROOT, "scripts", "synth.ts")], {
        cwd,
        env: { ...process.env, MESH_CONFIG: "config/lab.yaml", CDKTF_OUTDIR: path.join(cwd, "out") },
        encoding: "utf8",
      });
      expect(r.status).toBe(1);
      expect(
        r.stderr
          .split("\n")
          .filter((l) => !l.startsWith("npm warn"))
          .join("\n"),
      ).toBe(sample);
    } finally {
      fs.rmSync(cwd, { recursive: true, force: true });
    }
  });
});

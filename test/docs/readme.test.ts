import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { transformSync } from "esbuild";
import { loadConfig } from "../../config/load";
import { buildApp } from "../../app/app";
import { topologyMarkdown } from "../../app/synth";
import { DEFAULT_RULES } from "../../constructs/policy";
import { manifests, must, parseJson, readStackJson, record, text } from "../support";

const ROOT = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
/** The parts of package.json the README quotes. */
interface PackageJson {
  readonly scripts: Record<string, string>;
  readonly devDependencies: Record<string, string>;
  readonly peerDependencies: Record<string, string>;
  readonly engines: { readonly node: string };
}
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as PackageJson;

/** The text of the `## heading` section, up to the next `## `. */
function section(heading: string): string {
  const at = readme.indexOf(`\n${heading}\n`);
  if (at < 0) throw new Error(`no section ${heading}`);
  const end = readme.indexOf("\n## ", at + 1);
  return readme.slice(at, end < 0 ? undefined : end);
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
const anchors = (md: string) => new Set([...md.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1])));

/** The default config synthesized by `npm run synth`'s own command, once for the file. */
const synth = { dir: "", stdout: "", status: -1 as number | null };
beforeAll(() => {
  // Run from a scratch folder holding a copy of config/, so the repo's cdktf.out stays untouched;
  // MESH_CONFIG names the copy of the default config by the same relative path the summary prints.
  synth.dir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-synth-"));
  fs.cpSync(path.join(ROOT, "config"), path.join(synth.dir, "config"), { recursive: true });
  const { CDKTF_OUTDIR: _outdir, ...env } = process.env;
  const [node, ...args] = pkg.scripts.synth.split(" ");
  expect(node).toBe("node");
  const r = spawnSync(
    process.execPath,
    args.map((a) => path.join(ROOT, a)),
    { cwd: synth.dir, env: { ...env, MESH_CONFIG: "config/default.yaml" }, encoding: "utf8" },
  );
  Object.assign(synth, { stdout: r.stdout, status: r.status });
}, 60_000);
afterAll(() => {
  fs.rmSync(synth.dir, { recursive: true, force: true });
});

/** The first ```ts block after a heading. */
function codeAfter(heading: string): string {
  const at = readme.indexOf(heading);
  const m = /```ts\n([\s\S]*?)```/.exec(readme.slice(at));
  if (at < 0 || !m) throw new Error(`no ts block after ${heading}`);
  return m[1];
}

describe("README", () => {
  it("shows the quick start commands exactly", () => {
    expect(readme).toMatch(/## Quick start\n\n```sh\nnpm ci\nnpm run synth\nnpm test\n```/);
  });

  it("shows the summary that npm run synth prints for the default config, the timing figure aside", () => {
    // given the quick start's sample
    const sample = must(/```text\n([\s\S]*?)```/.exec(section("## Quick start")))[1];
    // when the synth ran (beforeAll), then it printed exactly that
    expect(synth.status).toBe(0);
    const timing = (text: string) => text.replace(/^(hybrid-mesh: .* in )\d+\.\d s$/m, "$1<seconds> s");
    expect(timing(sample)).toBe(timing(synth.stdout));
    expect(timing(sample)).toContain("in <seconds> s");
  });

  it("states the versions the package and the synthesized stacks pin in its compatibility section", () => {
    const compat = section("## Compatibility");
    const majorMinor = (range: string) => range.replace(/^\^/, "").split(".").slice(0, 2).join(".");
    // given package.json
    expect(pkg.devDependencies["cdktf-cli"]).toBe(pkg.devDependencies.cdktf);
    expect(compat).toContain(`| cdktf, cdktf-cli | ${pkg.devDependencies.cdktf} |`);
    expect(compat).toContain(`peer range is \`${pkg.peerDependencies.cdktf}\``);
    expect(compat).toContain(`peer range \`${pkg.peerDependencies.constructs}\``);
    expect(compat).toContain(`| Node.js | ${pkg.engines.node.replace(/^>=/, "")} or later`);
    for (const p of ["kubernetes", "aws", "helm"]) {
      expect(compat).toContain(`\`@cdktf/provider-${p}\` ${majorMinor(pkg.peerDependencies[`@cdktf/provider-${p}`])}`);
    }
    // and the synthesized default config
    const stack = (id: string) =>
      parseJson(fs.readFileSync(path.join(synth.dir, "cdktf.out", "stacks", id, "cdk.tf.json"), "utf8"));
    const required = text(stack("mesh-onprem"), "terraform.required_version");
    expect(compat).toContain(`\`required_version ${required}\``);
    expect(compat).toContain(`| Terraform | ${required.replace(/^>= (\d+\.\d+)\.0$/, "$1")} or later`);
    const chart = text(Object.values(record(stack("consul-cloud"), "resource.helm_release"))[0], "version");
    expect(compat).toContain(`the consul Helm chart ${chart}`);
  });

  it("names every rule pack of the policy gate, and no other", () => {
    const named = [...section("## Security defaults, and changing one on purpose").matchAll(/`(HM-[A-Z]+)-\*`/g)].map(
      (m) => m[1],
    );
    const packs = [...new Set(DEFAULT_RULES.map((r) => r.id.replace(/-\d+$/, "")))];
    expect(named.sort()).toEqual(packs.sort());
  });

  it("links only to files inside the repository, and to headings that exist", () => {
    expect(readme).not.toMatch(/\.\.\//);
    for (const [file, md] of [
      ["README.md", readme],
      ...fs
        .readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => [`docs/${f}`, fs.readFileSync(path.join(ROOT, "docs", f), "utf8")]),
    ]) {
      for (const [, target] of md.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^https?:/.test(target)) continue;
        const [rel, anchor] = target.split("#");
        const resolved = rel ? path.join(ROOT, path.dirname(file), rel) : path.join(ROOT, file);
        expect({ file, target, exists: fs.existsSync(resolved) }).toEqual({ file, target, exists: true });
        expect(path.relative(ROOT, resolved).startsWith("..")).toBe(false);
        if (anchor && resolved.endsWith(".md")) {
          expect({ file, target, anchor: anchors(fs.readFileSync(resolved, "utf8")).has(anchor) }).toEqual({
            file,
            target,
            anchor: true,
          });
        }
      }
    }
  });

  it("has a library example that runs against the package's exports", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-"));
    const js = transformSync(codeAfter("## Use as a library"), { loader: "ts", format: "cjs" }).code;
    const req = (id: string): unknown => require(id === "hybrid-mesh" ? path.join(ROOT, "constructs") : id); // eslint-disable-line @typescript-eslint/no-require-imports -- the README example, compiled to CommonJS, requires the package by name
    const before = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      // eslint-disable-next-line @typescript-eslint/no-implied-eval -- runs the README's own library example
      const example = new Function("require", js) as (require: (id: string) => unknown) => void;
      example(req);
      const json = readStackJson(outdir, "mesh-cloud");
      const kinds = manifests(json)
        .map((m) => m.kind)
        .sort();
      expect(kinds).toEqual([
        "ExportedServices",
        "Mesh",
        "PeeringAcceptor",
        "PeeringDialer",
        "ProxyDefaults",
        "ServiceDefaults",
        "ServiceIntentions",
        "ServiceIntentions",
        "ServiceResolver",
      ]);
    } finally {
      if (before === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = before;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("embeds the default topology exactly as the synth draws it", () => {
    const config = loadConfig();
    const md = topologyMarkdown(buildApp(config, fs.mkdtempSync(path.join(os.tmpdir(), "readme-app-"))), config);
    const diagram = must(/```mermaid\n[\s\S]*?```/.exec(md))[0];
    expect(readme).toContain(diagram);
  });
});

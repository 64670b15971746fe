import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { transformSync } from "esbuild";
import { loadConfig } from "../../config/load";
import { buildApp } from "../../app/app";
import { topologyMarkdown } from "../../app/synth";

const ROOT = path.resolve(__dirname, "../..");
const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

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

  it("has a library example that runs against the package's exports", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "readme-"));
    const js = transformSync(codeAfter("## Use as a library"), { loader: "ts", format: "cjs" }).code;
    const req = (id: string) => require(id === "hybrid-mesh" ? path.join(ROOT, "constructs") : id); // eslint-disable-line @typescript-eslint/no-require-imports
    const before = process.env.CDKTF_OUTDIR;
    process.env.CDKTF_OUTDIR = outdir;
    try {
      new Function("require", js)(req);
      const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "mesh-cloud", "cdk.tf.json"), "utf8"));
      const kinds = Object.values(json.resource.kubernetes_manifest as Record<string, { manifest: { kind: string } }>).map((m) => m.manifest.kind).sort();
      expect(kinds).toEqual(["ExportedServices", "Mesh", "PeeringAcceptor", "PeeringDialer", "ProxyDefaults", "ServiceDefaults", "ServiceIntentions", "ServiceIntentions", "ServiceResolver"]);
    } finally {
      if (before === undefined) delete process.env.CDKTF_OUTDIR;
      else process.env.CDKTF_OUTDIR = before;
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  it("embeds the default topology exactly as the synth draws it", () => {
    const config = loadConfig();
    const md = topologyMarkdown(buildApp(config, fs.mkdtempSync(path.join(os.tmpdir(), "readme-app-"))), config);
    const diagram = /```mermaid\n[\s\S]*?```/.exec(md)![0];
    expect(readme).toContain(diagram);
  });
});

import { spawnSync } from "child_process";
import { createHash } from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DEFAULT_CONFIG } from "../../config/load";
import { isSynthOutput, swapInto, synthesize } from "../../app/synth";
import { at, parseJson, text } from "../support";

const ROOT = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-state-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

const sha = (file: string) => createHash("sha256").update(fs.readFileSync(file)).digest("hex");
const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" }).status === 0;

/** `npm run synth` as a real process, into `outdir`. */
function synthProcess(outdir: string): void {
  const r = spawnSync(path.join(ROOT, "node_modules/.bin/tsx"), [path.join(ROOT, "scripts/synth.ts")], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: outdir, MESH_CONFIG: DEFAULT_CONFIG },
    encoding: "utf8",
  });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
}

describe("Terraform state and files a user keeps in cdktf.out survive every synth", () => {
  const project = path.join(tmp, "project");
  const outdir = path.join(project, "cdktf.out");
  const kept: Record<string, string> = {};
  const written: Record<string, { hash: string; inode: number }> = {};
  const SYNTH_FILES = ["manifest.json", "topology.md", "stacks/mesh-onprem/cdk.tf.json"];

  beforeAll(() => {
    synthesize({ outdir, configFile: DEFAULT_CONFIG });
    for (const f of SYNTH_FILES)
      written[f] = { hash: sha(path.join(outdir, f)), inode: fs.statSync(path.join(outdir, f)).ino };
    // Terraform itself writes the state, through the backend block the synth emitted, from a
    // working directory beside the stacks (the real stacks need providers that cannot be installed here).
    const backend = at(
      parseJson(fs.readFileSync(path.join(outdir, "stacks/cloud-infra/cdk.tf.json"), "utf8")),
      "terraform.backend",
    );
    const probe = path.join(outdir, "stacks", "state-probe");
    fs.mkdirSync(probe, { recursive: true });
    fs.writeFileSync(
      path.join(probe, "main.tf.json"),
      JSON.stringify({ terraform: { backend }, resource: { terraform_data: { probe: { input: "deployed" } } } }),
    );
    const statePath = path.resolve(probe, text(backend, "local.path"));
    if (terraform) {
      const tf = (...args: string[]) =>
        spawnSync("terraform", [`-chdir=${probe}`, ...args], {
          encoding: "utf8",
          env: { ...process.env, CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" },
        });
      for (const args of [
        ["init", "-input=false", "-no-color"],
        ["apply", "-auto-approve", "-input=false", "-no-color"],
      ]) {
        const r = tf(...args);
        expect({ args, status: r.status, stderr: r.status ? r.stderr : "" }).toEqual({ args, status: 0, stderr: "" });
      }
    } else {
      fs.mkdirSync(path.dirname(statePath), { recursive: true });
      fs.writeFileSync(statePath, JSON.stringify({ version: 4, serial: 1, resources: [] }));
    }
    expect(fs.existsSync(statePath)).toBe(true);
    // What a user or `cdktf deploy` leaves beside a stack's JSON.
    const stackDir = path.join(outdir, "stacks", "mesh-onprem");
    const userFiles = {
      [path.join(stackDir, ".terraform.lock.hcl")]: "# lock\n",
      [path.join(stackDir, ".terraform", "terraform.tfstate")]: "{}",
      [path.join(stackDir, "plan.tfplan")]: "plan bytes",
      [path.join(stackDir, "terraform.mesh-onprem.tfstate")]: '{"version":4,"serial":7}',
      [path.join(outdir, "notes.txt")]: "mine",
    };
    for (const [file, text] of Object.entries(userFiles)) {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
    }
    for (const file of [
      statePath,
      ...Object.keys(userFiles),
      ...fs
        .readdirSync(probe)
        .filter((f) => f !== ".terraform")
        .map((f) => path.join(probe, f)),
    ]) {
      kept[file] = sha(file);
    }
    synthProcess(outdir);
    synthProcess(outdir);
  }, 60_000);

  it("keeps local state in state/ beside cdktf.out, outside what the synth writes", () => {
    for (const id of ["cloud-infra", "onprem-kind", "consul-cloud", "consul-onprem", "mesh-cloud", "mesh-onprem"]) {
      const json = parseJson(fs.readFileSync(path.join(outdir, "stacks", id, "cdk.tf.json"), "utf8"));
      expect(path.resolve(outdir, "stacks", id, text(json, "terraform.backend.local.path"))).toBe(
        path.join(project, "state", `${id}.tfstate`),
      );
    }
  });

  it(`still has the state${terraform ? " Terraform wrote" : ""}, the lock, plan and user files, unchanged, after two synths`, () => {
    expect(Object.keys(kept).length).toBeGreaterThanOrEqual(7);
    for (const [file, hash] of Object.entries(kept)) {
      expect(fs.existsSync(file)).toBe(true);
      expect(sha(file)).toBe(hash);
    }
  });

  it("still replaced what the synth writes (new files, same bytes) and left no staging folder", () => {
    for (const f of SYNTH_FILES) {
      expect(sha(path.join(outdir, f))).toBe(written[f].hash);
      expect(fs.statSync(path.join(outdir, f)).ino).not.toBe(written[f].inode);
    }
    expect(fs.existsSync(`${outdir}.staging`)).toBe(false);
  });
});

describe("swapInto", () => {
  it("removes the JSON of a stack no longer synthesized, and nothing else of it", () => {
    const out = path.join(tmp, "swap", "out");
    const staging = path.join(tmp, "swap", "staging");
    const write = (file: string, content: string) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, content);
    };
    write(path.join(out, "stacks/gone/cdk.tf.json"), "old");
    write(path.join(out, "stacks/gone/.terraform.lock.hcl"), "lock");
    write(path.join(out, "stacks/only-json/cdk.tf.json"), "old");
    write(path.join(out, "manifest.json"), "old");
    write(path.join(staging, "manifest.json"), "new");
    write(path.join(staging, "stacks/kept/cdk.tf.json"), "new");
    swapInto(staging, out);
    expect(fs.existsSync(path.join(out, "stacks/gone/cdk.tf.json"))).toBe(false);
    expect(fs.readFileSync(path.join(out, "stacks/gone/.terraform.lock.hcl"), "utf8")).toBe("lock");
    expect(fs.existsSync(path.join(out, "stacks/only-json"))).toBe(false);
    expect(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).toBe("new");
    expect(fs.readFileSync(path.join(out, "stacks/kept/cdk.tf.json"), "utf8")).toBe("new");
  });

  it("owns only the manifest, the diagram and stack JSON", () => {
    // given
    const ours = ["manifest.json", "topology.md", "stacks/a/cdk.tf.json"];
    const theirs = [
      "stacks/a/terraform.a.tfstate",
      "stacks/a/.terraform.lock.hcl",
      "stacks/a/.terraform/x",
      "stacks/a/plan",
      "x/cdk.tf.json",
    ];
    // when
    const [oursOwned, theirsOwned] = [ours.every(isSynthOutput), theirs.some(isSynthOutput)];
    // then
    expect(oursOwned).toBe(true);
    expect(theirsOwned).toBe(false);
  });
});

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformOutput, TerraformStack, TerraformVariable } from "cdktf";
import { buildApp } from "../../app/app";
import { CrossStackReference, readsOtherStacks, synthSinglePass } from "../../app/single-pass";
import { synthesize } from "../../app/synth";
import { readConfig } from "../../config/load";
import { at, readStackJson, record, tree } from "../support";

const ROOT = path.resolve(__dirname, "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-single-pass-"));
afterAll(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Two stacks, the second outputting a variable of the first: a reference across stacks. */
function crossStackApp(outdir: string, mark = false): App {
  const app = new App({ outdir });
  const first = new TerraformStack(app, "first");
  const second = new TerraformStack(app, "second");
  if (mark) readsOtherStacks(second);
  const v = new TerraformVariable(first, "v", { type: "string", default: "x" });
  new TerraformOutput(second, "o", { value: v.stringValue });
  return app;
}

describe("synthSinglePass", () => {
  it.each(["config/default.yaml", "config/hybrid-vm.yaml", "config/hybrid-kind-legacy.yaml"])(
    "writes byte for byte what cdktf's two passes write for %s",
    (file) => {
      // given: the same config built twice
      const { config } = readConfig(path.join(ROOT, file));
      const twoPassOut = path.join(tmp, `${path.basename(file)}-two`);
      const onePassOut = path.join(tmp, `${path.basename(file)}-one`);
      buildApp(config, twoPassOut).app.synth();
      const onePass = buildApp(config, onePassOut);
      // when
      synthSinglePass(onePass.app);
      // then
      expect(tree(onePassOut)).toEqual(tree(twoPassOut));
    },
  );

  it("prepares a stack marked as reading others the way cdktf does", () => {
    // given
    const twoPassOut = path.join(tmp, "marked-two");
    const onePassOut = path.join(tmp, "marked-one");
    crossStackApp(twoPassOut).synth();
    const app = crossStackApp(onePassOut, true);
    // when
    synthSinglePass(app);
    // then
    expect(tree(onePassOut)).toEqual(tree(twoPassOut));
    expect(Object.keys(record(at(readStackJson(onePassOut, "first"), "output")))).toEqual(["cross-stack-output-varv"]);
  });

  it("stops at a reference from an unmarked stack to another, naming both", () => {
    // given
    const app = crossStackApp(path.join(tmp, "cross-one"));
    // when
    const run = () => {
      synthSinglePass(app);
    };
    // then
    expect(run).toThrow(CrossStackReference);
    expect(run).toThrow(/second references first/);
  });

  it("leaves App.synth() as cdktf has it, before and after a single pass", () => {
    // given: a single pass that stopped, then an app synthesized by cdktf itself
    expect(() => {
      synthSinglePass(crossStackApp(path.join(tmp, "cross-stopped")));
    }).toThrow(CrossStackReference);
    const out = path.join(tmp, "cross-two");
    // when
    crossStackApp(out).synth();
    // then: the reference became an output of the first stack and a remote state in the second
    expect(Object.keys(record(at(readStackJson(out, "first"), "output")))).toEqual(["cross-stack-output-varv"]);
    expect(Object.keys(record(at(readStackJson(out, "second"), "data.terraform_remote_state")))).toEqual([
      "cross-stack-reference-input-first",
    ]);
  });
});

describe("synthesize with a reference across stacks", () => {
  it("falls back to cdktf's two passes and writes the output and remote state they add", () => {
    // given: an extension that makes the last stack read a variable of the first
    const outdir = path.join(tmp, "extended");
    // when
    const result = synthesize({
      outdir,
      extend: (mesh) => {
        const first = mesh.stacks[0].stack;
        const last = mesh.stacks[mesh.stacks.length - 1].stack;
        const v = new TerraformVariable(first, "shared", { type: "string", default: "x" });
        new TerraformOutput(last, "shared", { value: v.stringValue });
      },
    });
    // then
    const firstId = result.mesh.stacks[0].id;
    const lastId = result.mesh.stacks[result.mesh.stacks.length - 1].id;
    expect(Object.keys(record(at(readStackJson(outdir, firstId), "output")))).toContain("cross-stack-output-varshared");
    expect(Object.keys(record(at(readStackJson(outdir, lastId), "data.terraform_remote_state")))).toEqual([
      `cross-stack-reference-input-${firstId}`,
    ]);
  });
});

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { synthesize, type SynthResult } from "../../app/synth";
import { list, readStackJson, type TerraformJson } from "../support";

export const ROOT = path.resolve(__dirname, "../..");
export const VM_CONFIG = path.join(ROOT, "config", "hybrid-vm.yaml");

/** config/hybrid-vm.yaml as data, with `mutate` applied. */
export function vmConfig(mutate: (c: unknown) => void = () => undefined): unknown {
  const c = YAML.parse(fs.readFileSync(VM_CONFIG, "utf8")) as unknown;
  mutate(c);
  return c;
}

/** Synthesizes a (mutated) hybrid-vm config into a fresh folder; the caller removes `dir`. */
export function synthVm(mutate?: (c: unknown) => void): {
  result: SynthResult;
  dir: string;
  json: (stack: string) => TerraformJson;
} {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hm-vm-"));
  const configFile = path.join(dir, "config.yaml");
  fs.writeFileSync(configFile, YAML.stringify(vmConfig(mutate)));
  const result = synthesize({ outdir: path.join(dir, "out"), configFile });
  return {
    result,
    dir,
    json: (stack) => readStackJson(path.join(dir, "out"), stack),
  };
}

/** What {@link synthVm} returns. */
export type VmSynth = ReturnType<typeof synthVm>;

/**
 * {@link synthVm} in `beforeAll` (a failing synth fails the file's tests, not its loading), removed
 * in `afterAll`. The handle's fields are set once the file's tests run, not at module load.
 */
export function synthVmOnce(mutate?: (c: unknown) => void): VmSynth {
  const handle = {} as { -readonly [K in keyof VmSynth]: VmSynth[K] };
  beforeAll(() => {
    Object.assign(handle, synthVm(mutate));
  });
  afterAll(() => {
    if (handle.dir) fs.rmSync(handle.dir, { recursive: true, force: true });
  });
  return handle;
}

/** The cloud-config YAML of each host, from the synthesized onprem-vm stack. */
export function cloudConfigs(infra: TerraformJson): Record<string, string> {
  return Object.fromEntries(
    Object.entries((infra.data?.cloudinit_config ?? {}) as Record<string, { part: { content: string }[] }>).map(
      ([k, v]) => [k, v.part[0].content],
    ),
  );
}

/** write_files of a cloud-config document by path. */
export function writeFiles(doc: string): Record<string, string> {
  const parsed = YAML.parse(doc) as { write_files: { path: string; content: string }[] };
  return Object.fromEntries(parsed.write_files.map((f) => [f.path, f.content]));
}

/** file provisioners of a terraform_data: destination (staging prefix dropped) -> content. */
export function provisionedFiles(resource: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of list(resource, "provisioner") as Partial<
    Record<string, { destination?: string; content?: string }>
  >[]) {
    const dst = p.file?.destination;
    if (dst && p.file?.content !== undefined && /\/etc\//.test(dst))
      out[dst.replace(/^.*?(?=\/etc\/)/, "")] = p.file.content;
  }
  return out;
}

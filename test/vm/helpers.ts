import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { synthesize, type SynthResult } from "../../app/synth";

export const ROOT = path.resolve(__dirname, "../..");
export const VM_CONFIG = path.join(ROOT, "config", "hybrid-vm.yaml");

/** config/hybrid-vm.yaml as data, with `mutate` applied. */
export function vmConfig(mutate: (c: any) => void = () => undefined): any { // eslint-disable-line @typescript-eslint/no-explicit-any
  const c = YAML.parse(fs.readFileSync(VM_CONFIG, "utf8"));
  mutate(c);
  return c;
}

/** Synthesizes a (mutated) hybrid-vm config into a fresh folder; the caller removes `dir`. */
export function synthVm(mutate?: (c: any) => void): { result: SynthResult; dir: string; json: (stack: string) => any } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "hm-vm-"));
  const configFile = path.join(dir, "config.yaml");
  fs.writeFileSync(configFile, YAML.stringify(vmConfig(mutate)));
  const result = synthesize({ outdir: path.join(dir, "out"), configFile });
  return { result, dir, json: (stack) => JSON.parse(fs.readFileSync(path.join(dir, "out", "stacks", stack, "cdk.tf.json"), "utf8")) };
}

/** The cloud-config YAML of each host, from the synthesized onprem-vm stack. */
export function cloudConfigs(infra: any): Record<string, string> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return Object.fromEntries(
    Object.entries(infra.data.cloudinit_config as Record<string, { part: { content: string }[] }>).map(([k, v]) => [k, v.part[0].content]),
  );
}

/** write_files of a cloud-config document by path. */
export function writeFiles(doc: string): Record<string, string> {
  const parsed = YAML.parse(doc) as { write_files: { path: string; content: string }[] };
  return Object.fromEntries(parsed.write_files.map((f) => [f.path, f.content]));
}

/** file provisioners of a terraform_data: destination (staging prefix dropped) -> content. */
export function provisionedFiles(resource: any): Record<string, string> { // eslint-disable-line @typescript-eslint/no-explicit-any
  const out: Record<string, string> = {};
  for (const p of resource.provisioner as Record<string, { destination?: string; content?: string }>[]) {
    const dst = p.file?.destination;
    if (dst && p.file?.content !== undefined && /\/etc\//.test(dst)) out[dst.replace(/^.*?(?=\/etc\/)/, "")] = p.file.content;
  }
  return out;
}


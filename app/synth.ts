import * as fs from "fs";
import * as path from "path";
import type { App } from "cdktf";
import { readConfig } from "../config/load";
import type { MeshConfig } from "../config/types";
import { MeshValidationError } from "../constructs/errors";
import { PolicyGate } from "../constructs/policy";
import { renderMermaid } from "../constructs/topology";
import { buildApp, type MeshApp } from "./app";
import { locateLine, withConfigLines } from "./located";
import { CrossStackReference, synthSinglePass } from "./single-pass";
import { applySuppressions, waivedBySuppression } from "./suppressions";

export interface SynthResult {
  readonly config: MeshConfig;
  readonly configFile: string;
  readonly mesh: MeshApp;
  readonly gate: PolicyGate;
  readonly outdir: string;
  /** Printed by the synth, which still succeeded: config warnings and topology warnings, located. */
  readonly warnings: readonly string[];
  /** Synthesized Terraform JSON per stack id. */
  readonly stackJson: ReadonlyMap<
    string,
    { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> }
  >;
  readonly ms: number;
}

/**
 * The whole synth: load and verify the config, derive the topology, build the stacks, run the
 * policy gate, write the diagram. Output is staged beside `outdir` and moved into place only when
 * everything passed, so a failure never leaves a partial cdktf.out. Only what the synth writes is
 * replaced (see {@link swapInto}). User errors surface as one MeshValidationError.
 */
export function synthesize(opts: {
  outdir: string;
  configFile?: string;
  /**
   * Adds to the app before synth (extra constructs, suppressions); the gate still checks it all.
   * Called again on a fresh app if what it added references one stack from another (app/single-pass.ts).
   */
  extend?: (mesh: MeshApp) => void;
}): SynthResult {
  const started = process.hrtime.bigint();
  const configFile = opts.configFile ?? process.env.MESH_CONFIG ?? path.join(__dirname, "..", "config", "default.yaml");
  const { config, source, warnings } = readConfig(configFile, { waived: waivedBySuppression });
  const outdir = path.resolve(opts.outdir);
  const staging = `${outdir}.staging`;
  fs.mkdirSync(path.dirname(outdir), { recursive: true });
  try {
    const build = (synth: (app: App) => void) => {
      fs.rmSync(staging, { recursive: true, force: true });
      const mesh = withConfigLines(source, () => buildApp(config, staging));
      const gate = new PolicyGate({ allowPublicMeshGatewayPorts: config.connectivity.type === "public" });
      gate.applyTo(mesh.app);
      opts.extend?.(mesh);
      withConfigLines(source, () => {
        applySuppressions(mesh, config.suppressions, gate);
      });
      try {
        synth(mesh.app);
      } catch (e) {
        // A violation explains a failed synth better than the error it led to.
        if (e instanceof CrossStackReference || !gate.violations.length) throw e;
      }
      if (gate.violations.length) throw new MeshValidationError(gate.violations.map((v) => gate.format(v)));
      return { mesh, gate };
    };
    let built: ReturnType<typeof build>;
    try {
      built = build(synthSinglePass);
    } catch (e) {
      // A stack that references another (only an `extend` can add one) needs cdktf's own two passes.
      if (!(e instanceof CrossStackReference)) throw e;
      built = build((app) => {
        app.synth();
      });
    }
    const { mesh, gate } = built;
    fs.writeFileSync(path.join(staging, "topology.md"), topologyMarkdown(mesh, config));
    const stackJson = new Map(
      mesh.stacks.map((s) => [
        s.id,
        JSON.parse(fs.readFileSync(path.join(staging, "stacks", s.id, "cdk.tf.json"), "utf8")),
      ]),
    );
    swapInto(staging, outdir);
    const allWarnings = [...warnings, ...mesh.plan.warnings.map((w) => locateLine(source, w))];
    return {
      config,
      configFile,
      mesh,
      gate,
      outdir,
      warnings: allWarnings,
      stackJson,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Whether a path under the output folder is one the synth writes: the manifest, the diagram and
 * each stack's Terraform JSON. Everything else there (state files, `.terraform/`, lock files, plan
 * files) belongs to Terraform or the user and is never removed.
 */
export function isSynthOutput(relPath: string): boolean {
  const p = relPath.split(path.sep).join("/");
  return p === "manifest.json" || p === "topology.md" || /^stacks\/[^/]+\/cdk\.tf\.json$/.test(p);
}

function filesUnder(dir: string, rel = ""): string[] {
  if (!fs.existsSync(path.join(dir, rel))) return [];
  return fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => {
    const p = path.join(rel, e.name);
    return e.isDirectory() ? filesUnder(dir, p) : [p];
  });
}

/**
 * Moves a finished synth from `staging` into `outdir` file by file (a rename each, so a reader sees
 * the old file or the new one), the manifest last. Synth outputs that this synth no longer writes
 * (a stack taken out of the config) are removed; nothing else in `outdir` is touched.
 */
export function swapInto(staging: string, outdir: string): void {
  const fresh = filesUnder(staging).sort(
    (a, b) => Number(a === "manifest.json") - Number(b === "manifest.json") || (a < b ? -1 : 1),
  );
  const keep = new Set(fresh);
  for (const stale of filesUnder(outdir).filter((f) => isSynthOutput(f) && !keep.has(f))) {
    fs.rmSync(path.join(outdir, stale));
    const dir = path.dirname(path.join(outdir, stale));
    if (dir !== outdir && fs.readdirSync(dir).length === 0) fs.rmdirSync(dir);
  }
  for (const f of fresh) {
    fs.mkdirSync(path.dirname(path.join(outdir, f)), { recursive: true });
    fs.renameSync(path.join(staging, f), path.join(outdir, f));
  }
}

export function topologyMarkdown(mesh: MeshApp, config: MeshConfig): string {
  const labels = Object.fromEntries(
    mesh.contexts.map((c) => [c.name, `${c.name} (datacenter ${c.env.datacenter}, ${c.env.kind})`]),
  );
  return [
    `# ${config.project} mesh topology`,
    "",
    "Derived from the config at synth. Solid arrows: local calls; thick: calls across a peering",
    "(gateway to gateway); dotted: failover. Everything not drawn is denied.",
    ...(mesh.plan.environments.some((e) => e.externalServices.length)
      ? ["Dashed parallelograms: services outside the mesh, reached through their environment's terminating gateway."]
      : []),
    "",
    "```mermaid",
    renderMermaid(mesh.plan, labels).trimEnd(),
    "```",
    "",
  ].join("\n");
}

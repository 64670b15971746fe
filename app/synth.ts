import * as fs from "fs";
import * as path from "path";
import { loadConfig } from "../config/load";
import type { MeshConfig } from "../config/types";
import { MeshValidationError } from "../constructs/errors";
import { PolicyGate } from "../constructs/policy";
import { renderMermaid } from "../constructs/topology";
import { buildApp, type MeshApp } from "./app";
import { applySuppressions } from "./suppressions";

export interface SynthResult {
  readonly config: MeshConfig;
  readonly configFile: string;
  readonly mesh: MeshApp;
  readonly gate: PolicyGate;
  readonly outdir: string;
  /** Synthesized Terraform JSON per stack id. */
  readonly stackJson: ReadonlyMap<string, { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> }>;
  readonly ms: number;
}

/**
 * The whole synth: load and verify the config, derive the topology, build the stacks, run the
 * policy gate, write the diagram. Output is staged beside `outdir` and moved into place only when
 * everything passed, so a failure never leaves a partial cdktf.out. User errors surface as one
 * MeshValidationError.
 */
export function synthesize(opts: {
  outdir: string;
  configFile?: string;
  /** Adds to the app before synth (extra constructs, suppressions); the gate still checks it all. */
  extend?: (mesh: MeshApp) => void;
}): SynthResult {
  const started = process.hrtime.bigint();
  const configFile = opts.configFile ?? process.env.MESH_CONFIG ?? path.join(__dirname, "..", "config", "default.yaml");
  const config = loadConfig(configFile);
  const outdir = path.resolve(opts.outdir);
  const staging = `${outdir}.staging`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const mesh = buildApp(config, staging);
    const gate = new PolicyGate({ allowPublicMeshGatewayPorts: config.connectivity.type === "public" });
    gate.applyTo(mesh.app);
    opts.extend?.(mesh);
    applySuppressions(mesh, config.suppressions);
    try {
      mesh.app.synth();
    } catch (e) {
      if (gate.violations.length) throw new MeshValidationError(gate.violations.map((v) => gate.format(v)));
      throw e;
    }
    if (gate.violations.length) throw new MeshValidationError(gate.violations.map((v) => gate.format(v)));
    fs.writeFileSync(path.join(staging, "topology.md"), topologyMarkdown(mesh, config));
    const stackJson = new Map(mesh.stacks.map((s) => [s.id, JSON.parse(fs.readFileSync(path.join(staging, "stacks", s.id, "cdk.tf.json"), "utf8"))]));
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.renameSync(staging, outdir);
    return { config, configFile, mesh, gate, outdir, stackJson, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export function topologyMarkdown(mesh: MeshApp, config: MeshConfig): string {
  const labels = Object.fromEntries(mesh.contexts.map((c) => [c.name, `${c.name} (datacenter ${c.env.datacenter}, ${c.env.kind})`]));
  return [
    `# ${config.project} mesh topology`,
    "",
    "Derived from the config at synth. Solid arrows: local calls; thick: calls across a peering",
    "(gateway to gateway); dotted: failover. Everything not drawn is denied.",
    "",
    "```mermaid",
    renderMermaid(mesh.plan, labels).trimEnd(),
    "```",
    "",
  ].join("\n");
}

import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { median, runTsx, table, type Run } from "./measure";
import { generateConfig } from "./topology-gen";

/** Default app vs a bare app with the same providers: medians over `runs` alternating runs. */
export function benchSynth(runs = 5): string {
  const bare: Run[] = [];
  const app: Run[] = [];
  for (let i = 0; i < runs; i++) {
    bare.push(runTsx("bench/fixtures/bare-app.ts"));
    app.push(runTsx("main.ts"));
  }
  const row = (name: string, rs: Run[]) => [name, `${median(rs.map((r) => r.ms)).toFixed(0)} ms`, `${median(rs.map((r) => r.rssMiB)).toFixed(0)} MiB`, `${(median(rs.map((r) => r.outBytes)) / 1024).toFixed(0)} KiB`];
  const ratio = median(app.map((r) => r.ms)) / median(bare.map((r) => r.ms));
  return [
    `Synth of the default app vs a bare app with the same three providers (tsx, median of ${runs}):`,
    table(["app", "wall", "peak RSS", "output"], [row("bare (3 providers)", bare), row("default (6 stacks)", app)]),
    `ratio: ${ratio.toFixed(2)}x (budget <= 3x, aim <= 1.5x)`,
  ].join("\n");
}

/** Synth wall time, memory and output size for generated topologies of growing size. */
export function benchScaling(sizes = [10, 100, 1000], runs = 3): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-scale-"));
  const rows: (string | number)[][] = [];
  const points: { n: number; ms: number }[] = [];
  try {
    for (const n of sizes) {
      const file = path.join(tmp, `mesh-${n}.yaml`);
      const cfg = generateConfig(n);
      fs.writeFileSync(file, YAML.stringify(cfg));
      const rs = Array.from({ length: runs }, () => runTsx("main.ts", { MESH_CONFIG: file }));
      const ms = median(rs.map((r) => r.ms));
      const mib = median(rs.map((r) => r.rssMiB));
      points.push({ n, ms });
      rows.push([n, cfg.calls.length, cfg.failover.length, `${(ms / 1000).toFixed(2)} s`, `${mib.toFixed(0)} MiB`, `${(median(rs.map((r) => r.outBytes)) / 1048576).toFixed(1)} MiB`]);
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  const slope = (a: (typeof points)[number], b: (typeof points)[number]) => (b.ms - a.ms) / (b.n - a.n);
  const lines = [`Scaling (generated topologies over two environments, median of ${runs}):`, table(["services", "calls", "failovers", "wall", "peak RSS", "output"], rows)];
  // Peak RSS follows V8's heap sizing more than the work done, so only time gets a slope.
  for (let i = 1; i < points.length; i++) lines.push(`slope ${points[i - 1].n}->${points[i].n}: ${slope(points[i - 1], points[i]).toFixed(2)} ms per service`);
  lines.push("budget: 1000 services in <= 10 s at <= 1 GiB; a slope that does not grow with size means linear growth");
  return lines.join("\n");
}

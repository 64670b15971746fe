import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as YAML from "yaml";
import { compileFixture, median, ROOT, runCommand, table, type Run } from "./measure";
import { generateConfig } from "./topology-gen";

/** cdktf.json's app, verbatim: the command `cdktf synth`, `diff` and `deploy` run every time. */
const APP_COMMAND = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;

const ms = (rs: Run[]) => median(rs.map((r) => r.ms));
const mib = (rs: Run[]) => median(rs.map((r) => r.rssMiB));
const cpu = (rs: Run[]) => median(rs.map((r) => r.cpuMs));

/**
 * The default app's start-to-finish time against a bare app with the same three providers (plain
 * JavaScript on node, the cheapest way to run a cdktf app), in interleaved rounds: each round runs
 * every variant once, in an order that rotates, so drift on a shared machine hits all alike.
 */
export function benchSynth(rounds = 7): string {
  const bare = `node ${compileFixture("bare-app")}`;
  const variants: [string, string][] = [
    ["bare cdktf app (3 providers)", bare],
    [`cdktf.json app: ${APP_COMMAND}`, APP_COMMAND],
    ["npm run synth", "npm run synth --silent"],
  ];
  for (const [, cmd] of variants) runCommand(cmd); // warm-up: builds the launcher's bundles and caches
  const runs = variants.map(() => [] as Run[]);
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < variants.length; k++) {
      const i = (r + k) % variants.length;
      runs[i].push(runCommand(variants[i][1]));
    }
  }
  const [base, baseCpu] = [ms(runs[0]), cpu(runs[0])];
  const rows = variants.map(([name], i) => [
    name,
    `${ms(runs[i]).toFixed(0)} ms`,
    `${(ms(runs[i]) / base).toFixed(2)}x`,
    `${cpu(runs[i]).toFixed(0)} ms`,
    `${(cpu(runs[i]) / baseCpu).toFixed(2)}x`,
    `${mib(runs[i]).toFixed(0)} MiB`,
  ]);
  return [
    `Start to finish, default config (median of ${rounds} interleaved rounds; CPU is user + system of every node process):`,
    table(["command", "wall", "wall vs bare", "CPU", "CPU vs bare", "peak RSS"], rows),
    `target: the cdktf.json app <= 1.5x the bare app; reached ${(ms(runs[1]) / base).toFixed(2)}x wall, ${(cpu(runs[1]) / baseCpu).toFixed(2)}x CPU`,
  ].join("\n");
}

/**
 * Generated topologies of growing size against a bare cdktf app emitting the same resources
 * (bench/fixtures/bare-resources.ts reads the app's own output), run twice: as cdktf runs by
 * default, and without cdktf's per-token stack traces like the mesh app. Interleaved per round.
 */
export function benchScaling(sizes = [10, 100, 1000, 2000], rounds = 3): string {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-scale-"));
  const bareApp = compileFixture("bare-resources");
  const noTraces = path.relative(ROOT, path.join(__dirname, "fixtures", "no-token-traces.cjs"));
  try {
    const points = sizes.map((n) => {
      const cfg = generateConfig(n);
      const config = path.join(tmp, `mesh-${n}.yaml`);
      fs.writeFileSync(config, YAML.stringify(cfg));
      // The bare app's input: this size's synthesized stacks (an untimed run, which also warms up).
      const input = path.join(tmp, `out-${n}`);
      runCommand(APP_COMMAND, { MESH_CONFIG: config }, (out) => {
        fs.cpSync(out, input, { recursive: true });
      });
      const commands = [`node ${bareApp} ${input}`, `node -r ./${noTraces} ${bareApp} ${input}`, APP_COMMAND];
      return { n, cfg, config, commands, runs: commands.map(() => [] as Run[]) };
    });
    for (let r = 0; r < rounds; r++) {
      for (const p of points) {
        for (let k = 0; k < p.commands.length; k++) {
          const i = (r + k) % p.commands.length;
          p.runs[i].push(runCommand(p.commands[i], i === 2 ? { MESH_CONFIG: p.config } : {}));
        }
      }
    }
    const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
    const time = points.map(({ n, cfg, runs: [bare, plain, app] }) => [
      n,
      cfg.calls.length,
      `${(median(app.map((r) => r.outBytes)) / 2 ** 20).toFixed(1)} MiB`,
      `${(ms(app) / 1000).toFixed(2)} s / ${(cpu(app) / 1000).toFixed(2)} s`,
      `${(ms(bare) / 1000).toFixed(2)} s / ${(cpu(bare) / 1000).toFixed(2)} s`,
      `${x(ms(app), ms(bare))} / ${x(cpu(app), cpu(bare))}`,
      `${(ms(plain) / 1000).toFixed(2)} s / ${(cpu(plain) / 1000).toFixed(2)} s`,
      `${x(ms(app), ms(plain))} / ${x(cpu(app), cpu(plain))}`,
    ]);
    const memory = points.map(({ n, runs: [bare, plain, app] }) => [
      n,
      `${mib(app).toFixed(0)} MiB`,
      `${mib(bare).toFixed(0)} MiB`,
      x(mib(app), mib(bare)),
      `${mib(plain).toFixed(0)} MiB`,
      x(mib(app), mib(plain)),
    ]);
    const lines = [
      `Scaling: the cdktf.json app on generated topologies vs a bare cdktf app emitting the same resources (median of ${rounds} interleaved rounds; wall / CPU):`,
      table(
        ["services", "calls", "output", "app", "bare", "app vs bare", "bare, no token traces", "app vs that"],
        time,
      ),
      "",
      table(["services", "app peak RSS", "bare", "app vs bare", "bare, no token traces", "app vs that"], memory),
    ];
    // Linear growth: the cost of one more service stays flat as the mesh grows.
    for (let i = 1; i < points.length; i++) {
      const [a, b] = [points[i - 1], points[i]];
      const per = (f: (rs: Run[]) => number) => (f(b.runs[2]) - f(a.runs[2])) / (b.n - a.n);
      lines.push(
        `${a.n} -> ${b.n}: ${per(cpu).toFixed(2)} ms CPU, ${per(ms).toFixed(2)} ms wall and ${per(mib).toFixed(3)} MiB per added service`,
      );
    }
    const at = (n: number) => points.find((p) => p.n === n)?.runs;
    const [r1000, r2000] = [at(1000), at(2000)];
    lines.push(
      `targets: 1000 services <= 1.3x bare${r1000 ? ` (reached ${x(ms(r1000[2]), ms(r1000[0]))} wall, ${x(cpu(r1000[2]), cpu(r1000[0]))} CPU; ${x(ms(r1000[2]), ms(r1000[1]))} / ${x(cpu(r1000[2]), cpu(r1000[1]))} against the bare app without token traces)` : ""}; ` +
        `2000 services < 1 GiB peak${r2000 ? ` (reached ${mib(r2000[2]).toFixed(0)} MiB)` : ""}; per-service cost flat from 100 to 2000`,
    );
    return lines.join("\n");
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

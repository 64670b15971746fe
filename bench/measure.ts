import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const ROOT = path.resolve(__dirname, "..");
const PRELOAD = path.join(__dirname, "fixtures", "rss-preload.cjs");

export interface Run {
  readonly ms: number;
  /** Peak RSS of the largest process in the run, MiB. */
  readonly rssMiB: number;
  /** CPU time (user + system) of every node process in the run: steadier than wall time on a busy machine. */
  readonly cpuMs: number;
  /** Bytes written under the outdir. */
  readonly outBytes: number;
}

function dirBytes(dir: string): number {
  if (!fs.existsSync(dir)) return 0;
  return fs.readdirSync(dir, { withFileTypes: true }).reduce((n, e) => {
    const p = path.join(dir, e.name);
    return n + (e.isDirectory() ? dirBytes(p) : fs.statSync(p).size);
  }, 0);
}

/**
 * Runs a shell command line from the repo root the way the cdktf CLI runs cdktf.json's app (a
 * shell, CDKTF_OUTDIR set), into a fresh outdir. `keep` receives the outdir before it is removed.
 */
export function runCommand(command: string, env: Record<string, string> = {}, keep?: (outdir: string) => void): Run {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hm-bench-"));
  const outdir = path.join(tmp, "out");
  const rssFile = path.join(tmp, "rss");
  try {
    const started = process.hrtime.bigint();
    const r = spawnSync(command, {
      cwd: ROOT,
      shell: true,
      env: {
        ...process.env,
        ...env,
        CDKTF_OUTDIR: outdir,
        BENCH_RSS_OUT: rssFile,
        NODE_OPTIONS: `-r ${PRELOAD}`,
        CHECKPOINT_DISABLE: "1",
      },
      encoding: "utf8",
      maxBuffer: 64 * 2 ** 20,
    });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (r.status !== 0) throw new Error(`${command} failed (${r.status}):\n${r.stderr || r.stdout}`);
    const procs = fs
      .readFileSync(rssFile, "utf8")
      .trim()
      .split("\n")
      .map((l) => l.split(" ").map(Number));
    keep?.(outdir);
    return {
      ms,
      rssMiB: Math.max(...procs.map((p) => p[0])) / 1024,
      cpuMs: procs.reduce((n, p) => n + p[1], 0),
      outBytes: dirBytes(outdir),
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Compiles a TypeScript fixture to plain JavaScript under .cache/bench (so it resolves node_modules), returns its path. */
export function compileFixture(name: string): string {
  const out = path.join(ROOT, ".cache", "bench", `${name}.js`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a fixture is built
  const { transformSync } = require("esbuild") as typeof import("esbuild");
  const source = fs.readFileSync(path.join(__dirname, "fixtures", `${name}.ts`), "utf8");
  fs.writeFileSync(out, transformSync(source, { loader: "ts", format: "cjs", target: "node20" }).code);
  return path.relative(ROOT, out);
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Prints rows as an aligned Markdown table. */
export function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const w = head.map((_, i) => Math.max(...cells.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(" | ")} |`;
  return [line(cells[0]), `|${w.map((n) => "-".repeat(n + 2)).join("|")}|`, ...cells.slice(1).map(line)].join("\n");
}

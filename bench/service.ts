/**
 * `tsx bench/service.ts`: throughput and latency of the bundled service on loopback, as a leaf
 * and as a two-hop chain (X→Y), next to an equivalent FastAPI/uvicorn leaf when python3 has it.
 * A measurement, never a test: it fails only when something does not start.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { ROOT, table } from "./measure";
import { mustGet } from "../constructs/private/maps";

export interface ServiceBenchOptions {
  /** Seconds measured per target and round. @default 5 (BENCH_SERVICE_SECONDS) */
  readonly durationSec?: number;
  /** Concurrent connections. @default 50 */
  readonly connections?: number;
  /** Interleaved rounds; the table shows each target's median. @default 3 (BENCH_SERVICE_ROUNDS) */
  readonly rounds?: number;
}

interface Row {
  readonly target: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly failures: number;
}

// The same JSON shape as the service's leaf answer.
const FASTAPI_APP = `
import os, uvicorn
from fastapi import FastAPI
app = FastAPI()
@app.get("/")
async def root():
    return {"service": "py", "environment": "bench", "traceId": "0" * 32, "upstreams": []}
uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), log_level="warning", access_log=False)
`;

/** Runs every target and returns the printed table. */
export async function benchService(opts: ServiceBenchOptions = {}): Promise<string> {
  const duration = opts.durationSec ?? Number(process.env.BENCH_SERVICE_SECONDS ?? 5);
  const connections = opts.connections ?? 50;
  const rounds = opts.rounds ?? Number(process.env.BENCH_SERVICE_ROUNDS ?? 3);
  const dir = mkdtempSync(join(tmpdir(), "hm-bench-svc-"));
  const children: ChildProcess[] = [];
  const start = async (cmd: string, args: string[], env: Record<string, string>): Promise<string> => {
    const port = await freePort();
    // Servers on core 0, the load generator on core 1: each side gets a core of its own.
    if (PINNED) [cmd, args] = ["taskset", ["-c", "0", cmd, ...args]];
    const child = spawn(cmd, args, {
      env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port) },
      stdio: ["ignore", "ignore", "inherit"],
    });
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitUntilUp(url, child);
    return url;
  };
  try {
    const bundle = join(dir, "server.js");
    execFileSync(process.execPath, [join(ROOT, "apps", "build.mjs"), bundle], { stdio: "ignore" });
    // Access logs off (warn): a bench of the handler, not of stdout.
    const node = (name: string, upstreams = "") =>
      start(process.execPath, [bundle], {
        SERVICE_NAME: name,
        ENVIRONMENT: "bench",
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        UPSTREAMS: upstreams,
      });

    const targets: [string, string][] = [["node leaf (fastify)", await node("leaf")]];
    const y = await node("y");
    targets.push(["node chain X→Y (2 hops)", await node("x", `y=${y}`)]);
    const python = findFastApiPython();
    let note = "";
    if (python) targets.push(["python leaf (fastapi+uvicorn)", await start(python, ["-c", FASTAPI_APP], {})]);
    else
      note =
        "\nFastAPI comparison skipped: python3 cannot import fastapi and uvicorn (apt-get install -y python3-fastapi python3-uvicorn).";

    // Rounds interleave the targets so a noisy neighbour hits them all alike; medians per target.
    const samples = new Map<string, Row[]>(targets.map(([t]) => [t, []]));
    for (let round = 0; round < rounds; round++) {
      for (const [t, url] of targets) mustGet(samples, t).push(await measure(t, url, duration, connections));
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rows: Row[] = [...samples].map(([target, rs]) => ({
      target,
      rps: med(rs.map((r) => r.rps)),
      p50: med(rs.map((r) => r.p50)),
      p99: med(rs.map((r) => r.p99)),
      failures: rs.reduce((n, r) => n + r.failures, 0),
    }));
    const py = rows.find((r) => r.target.startsWith("python"));
    const body = rows.map((r) => [
      r.target,
      r.rps.toFixed(0),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      r.failures,
      py ? `${(r.rps / py.rps).toFixed(2)}x` : "-",
    ]);
    const gen = WRK ? "wrk" : "autocannon";
    const where = PINNED ? "servers pinned to core 0, load generator to core 1" : "client and servers share the cores";
    const head = `service on loopback: ${gen}, median of ${rounds} interleaved rounds of ${duration} s per target (each after a 2 s warm-up), ${connections} connections, ${where}`;
    return `${head}\n${table(["target", "req/s", "p50 ms", "p99 ms", "errors+non2xx", "vs fastapi"], body)}${note}`;
  } finally {
    for (const c of children) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
/** wrk (C, Debian's package) loads the server without taking its CPU; autocannon is the fallback. */
const WRK = has("wrk");
const PINNED = has("taskset") && availableParallelism() >= 2;

async function measure(target: string, url: string, duration: number, connections: number): Promise<Row> {
  if (WRK) return measureWrk(target, url, duration, connections);
  await autocannon({ url, connections, duration: 2 }); // warm-up: JIT, keep-alive pools
  const r = await autocannon({ url, connections, duration });
  return {
    target,
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    failures: r.errors + r.timeouts + r.non2xx,
  };
}

function measureWrk(target: string, url: string, duration: number, connections: number): Row {
  const wrk = (secs: number) => {
    const args = ["-t1", `-c${connections}`, `-d${secs}s`, "--latency", url];
    const r = spawnSync(PINNED ? "taskset" : "wrk", PINNED ? ["-c", "1", "wrk", ...args] : args, { encoding: "utf8" });
    if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr}`);
    return r.stdout;
  };
  wrk(2); // warm-up: JIT, keep-alive pools
  const out = wrk(duration);
  const ms = (label: string) => {
    const m = new RegExp(`^\\s+${label}\\s+([\\d.]+)(us|ms|s)$`, "m").exec(out);
    if (!m) return NaN;
    return Number(m[1]) * (m[2] === "us" ? 0.001 : m[2] === "s" ? 1000 : 1);
  };
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const socketErrors = errors ? errors.slice(1).reduce((a, b) => a + Number(b), 0) : 0;
  return {
    target,
    rps: num(/Requests\/sec:\s+([\d.]+)/),
    p50: ms("50%"),
    p99: ms("99%"),
    failures: socketErrors + num(/Non-2xx or 3xx responses: (\d+)/),
  };
}

/** A python3 that can import fastapi and uvicorn (pyenv shims may hide the system one). */
function findFastApiPython(): string | undefined {
  return ["python3", "/usr/bin/python3"].find(
    (py) => spawnSync(py, ["-c", "import fastapi, uvicorn"], { stdio: "ignore" }).status === 0,
  );
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => {
        resolve(port);
      });
    });
  });
}

/** Polls GET / until it answers (any status), for at most 10 s. */
export async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  throw new Error(`${url} did not come up within 10 s`);
}

if (require.main === module) {
  benchService().then(
    (out) => {
      console.log(out);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

/**
 * `tsx bench/service.ts`: throughput and latency of the bundled service on loopback, as a leaf
 * and as a two-hop chain (X→Y), next to an equivalent FastAPI/uvicorn leaf when python3 has it.
 * A measurement, never a test: it fails only when something does not start.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { ROOT, table } from "./measure";

export interface ServiceBenchOptions {
  /** Seconds measured per target. @default 10 (BENCH_SERVICE_SECONDS) */
  readonly durationSec?: number;
  /** Concurrent connections. @default 50 */
  readonly connections?: number;
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
  const duration = opts.durationSec ?? Number(process.env.BENCH_SERVICE_SECONDS ?? 10);
  const connections = opts.connections ?? 50;
  const dir = mkdtempSync(join(tmpdir(), "hm-bench-svc-"));
  const children: ChildProcess[] = [];
  const start = async (cmd: string, args: string[], env: Record<string, string>): Promise<string> => {
    const port = await freePort();
    const child = spawn(cmd, args, { env: { PATH: process.env.PATH ?? "", ...env, PORT: String(port) }, stdio: ["ignore", "ignore", "inherit"] });
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
      start(process.execPath, [bundle], { SERVICE_NAME: name, ENVIRONMENT: "bench", HOST: "127.0.0.1", LOG_LEVEL: "warn", UPSTREAMS: upstreams });

    const rows: Row[] = [];
    rows.push(await measure("node leaf (fastify)", await node("leaf"), duration, connections));
    const y = await node("y");
    rows.push(await measure("node chain X→Y (2 hops)", await node("x", `y=${y}`), duration, connections));

    const python = findFastApiPython();
    let note = "";
    if (python) {
      const url = await start(python, ["-c", FASTAPI_APP], {});
      rows.push(await measure("python leaf (fastapi+uvicorn)", url, duration, connections));
    } else {
      note = "\nFastAPI comparison skipped: python3 cannot import fastapi and uvicorn (apt-get install -y python3-fastapi python3-uvicorn).";
    }
    const py = rows.find((r) => r.target.startsWith("python"));
    const body = rows.map((r) => [
      r.target,
      r.rps.toFixed(0),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      r.failures,
      py ? `${(r.rps / py.rps).toFixed(2)}x` : "-",
    ]);
    const head = `service on loopback: ${duration} s per target, ${connections} connections (client, server and upstream share the machine's cores)`;
    return `${head}\n${table(["target", "req/s", "p50 ms", "p99 ms", "errors+non2xx", "vs fastapi"], body)}${note}`;
  } finally {
    for (const c of children) c.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

async function measure(target: string, url: string, duration: number, connections: number): Promise<Row> {
  await autocannon({ url, connections, duration: 1 }); // warm-up: JIT, keep-alive pools
  const r = await autocannon({ url, connections, duration });
  return { target, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failures: r.errors + r.timeouts + r.non2xx };
}

/** A python3 that can import fastapi and uvicorn (pyenv shims may hide the system one). */
function findFastApiPython(): string | undefined {
  return ["python3", "/usr/bin/python3"].find((py) => spawnSync(py, ["-c", "import fastapi, uvicorn"], { stdio: "ignore" }).status === 0);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer().once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Polls GET / until it answers (any status), for at most 10 s. */
async function waitUntilUp(url: string, child: ChildProcess): Promise<void> {
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
    (out) => console.log(out),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

/**
 * `tsx bench/faults.ts`: the bundled service as a chain A→B→C→D on loopback under a steady
 * request rate, while C is killed and restarted, then paused (SIGSTOP) past the budget and resumed.
 * Reports per phase the error mix (A's status and the deepest failure in its answer), the worst
 * and p99 latency against the budget, and how long after the fault cleared requests failed.
 * A measurement, never a test; bounded in time (about 12 s, BENCH_FAULTS_STEADY_SECONDS scales it).
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ROOT, table } from "./measure";
import { freePort, waitUntilUp } from "./service";

export interface FaultBenchOptions {
  /** Seconds of steady load before, between and after the faults. @default 2 (BENCH_FAULTS_STEADY_SECONDS) */
  readonly steadySec?: number;
  /** Requests per second sent to A. @default 100 */
  readonly rate?: number;
  /** A's REQUEST_DEADLINE_MS, and every hop's UPSTREAM_TIMEOUT_MS. @default 1000 */
  readonly budgetMs?: number;
}

interface Sample {
  readonly start: number;
  readonly ms: number;
  /** "200", or A's status and the deepest failure its answer names ("502 c: refused"), or a socket error. */
  readonly outcome: string;
}

interface Phase {
  readonly name: string;
  readonly from: number;
  readonly to: number;
  /** When the fault was cleared (restart spawned, SIGCONT sent); absent for steady phases. */
  readonly clearedAt?: number;
}

/** Runs the scenario and returns the printed table. */
export async function benchFaults(opts: FaultBenchOptions = {}): Promise<string> {
  const steady = (opts.steadySec ?? Number(process.env.BENCH_FAULTS_STEADY_SECONDS ?? 2)) * 1000;
  const rate = opts.rate ?? 100;
  const budget = opts.budgetMs ?? 1000;
  const dir = mkdtempSync(join(tmpdir(), "hm-bench-faults-"));
  const children = new Set<ChildProcess>();
  const agent = new Agent({ keepAlive: true, maxSockets: 512 });
  const bundle = join(dir, "server.js");
  execFileSync(process.execPath, [join(ROOT, "apps", "build.mjs"), bundle], { stdio: "ignore" });

  const ports = { a: await freePort(), b: await freePort(), c: await freePort(), d: await freePort() };
  const url = (n: keyof typeof ports) => `http://127.0.0.1:${ports[n]}`;
  const start = async (name: keyof typeof ports, upstream?: keyof typeof ports): Promise<ChildProcess> => {
    const env = {
      PATH: process.env.PATH ?? "",
      SERVICE_NAME: name,
      ENVIRONMENT: "bench",
      HOST: "127.0.0.1",
      PORT: String(ports[name]),
      LOG_LEVEL: "warn",
      UPSTREAMS: upstream ? `${upstream}=${url(upstream)}` : "",
      UPSTREAM_TIMEOUT_MS: String(budget),
      REQUEST_DEADLINE_MS: String(budget),
    };
    const child = spawn(process.execPath, [bundle], { env, stdio: "ignore" });
    children.add(child);
    child.once("exit", () => children.delete(child));
    await waitUntilUp(url(name), child);
    return child;
  };

  try {
    await start("d");
    let c = await start("c", "d");
    await start("b", "c");
    await start("a", "b");

    const samples: Sample[] = [];
    const inFlight = new Set<Promise<void>>();
    const t0 = performance.now();
    const now = () => performance.now() - t0;
    let sending = true;
    // Open loop: one request every 1000/rate ms whatever the answers do, as real callers would.
    const generator = (async () => {
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- cleared by the scenario that runs beside this loop
      for (let i = 0; sending && i < rate * 600; i++) {
        const due = (i * 1000) / rate;
        if (due > now()) await sleep(due - now());
        const p = one(url("a"), agent, now).then((s) => void samples.push(s));
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }
    })();

    const phases: Phase[] = [];
    const mark = async (name: string, ms: number, fault?: () => Promise<void>, clear?: () => Promise<void>) => {
      const from = now();
      if (fault) await fault();
      await sleep(Math.max(0, from + ms - now()));
      let clearedAt: number | undefined;
      if (clear) {
        await clear();
        clearedAt = now(); // the restarted hop answers, or the paused one runs again
        await sleep(steady / 2);
      }
      phases.push({ name, from, to: now(), clearedAt });
    };

    await sleep(1000); // warm-up (JIT, keep-alive pools), not reported
    await mark("steady", steady);
    await mark(
      "C killed, restarted after 1.5 budgets",
      1.5 * budget,
      () => Promise.resolve(void c.kill("SIGKILL")),
      async () => void (c = await start("c", "d")),
    );
    await mark("steady", steady);
    await mark(
      "C paused for 1.5 budgets",
      1.5 * budget,
      () => Promise.resolve(void c.kill("SIGSTOP")),
      () => Promise.resolve(void c.kill("SIGCONT")),
    );
    await mark("steady", steady);
    sending = false;
    await generator;
    await Promise.all(inFlight);

    // A fault phase also takes the requests sent in the budget before it: they were in flight when it struck.
    const starts = phases.map((p) => (p.clearedAt === undefined ? p.from : p.from - budget));
    const rows = phases.map((p, i) => {
      const xs = samples.filter((s) => s.start >= starts[i] && s.start < (starts[i + 1] ?? p.to));
      const lat = xs.map((s) => s.ms).sort((a, b) => a - b);
      const mix = new Map<string, number>();
      for (const s of xs) mix.set(s.outcome, (mix.get(s.outcome) ?? 0) + 1);
      const ok = mix.get("200") ?? 0;
      mix.delete("200");
      const errors =
        [...mix]
          .sort((a, b) => b[1] - a[1])
          .map(([k, n]) => `${k} ×${n}`)
          .join(", ") || "-";
      return [
        p.name,
        xs.length,
        xs.length ? `${((100 * ok) / xs.length).toFixed(1)}%` : "-",
        errors,
        lat.length ? (lat[lat.length - 1] / budget).toFixed(2) : "-",
        lat.length ? (lat[Math.floor(lat.length * 0.99)] / budget).toFixed(2) : "-",
        p.clearedAt === undefined ? "-" : recovery(xs, p.clearedAt, budget),
      ];
    });
    const head =
      `faults on loopback: chain A→B→C→D, ${rate} req/s open loop into A, budget ${budget} ms ` +
      `(REQUEST_DEADLINE_MS = UPSTREAM_TIMEOUT_MS), ${steady / 1000} s steady phases, 1-min load average ${loadavg()[0].toFixed(1)} ` +
      `on ${availableParallelism()} CPUs; a fault's row includes the requests sent in the budget before it; latencies as a fraction of the budget`;
    const cols = [
      "phase",
      "requests",
      "2xx",
      "error mix (A's status, deepest failure)",
      "worst / budget",
      "p99 / budget",
      "failing after fault cleared",
    ];
    return `${head}\n${table(cols, rows)}`;
  } finally {
    agent.destroy();
    for (const ch of children) {
      ch.kill("SIGCONT");
      ch.kill("SIGKILL");
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** How long after the fault cleared (hop up again, or resumed) requests still failed: start of the last failure, in budgets. */
function recovery(xs: Sample[], clearedAt: number, budget: number): string {
  const failedAfter = xs.filter((s) => s.outcome !== "200" && s.start >= clearedAt);
  if (!failedAfter.length) return "0 (none failed)";
  const last = Math.max(...failedAfter.map((s) => s.start));
  return `${((last - clearedAt) / budget).toFixed(2)} budgets (${failedAfter.length} failed)`;
}

/** One GET to A, classified. */
function one(url: string, agent: Agent, now: () => number): Promise<Sample> {
  const start = now();
  return new Promise((resolve) => {
    const done = (outcome: string) => {
      resolve({ start, ms: now() - start, outcome });
    };
    const req = request(`${url}/`, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        done(res.statusCode === 200 ? "200" : `${res.statusCode} ${deepest(Buffer.concat(chunks).toString())}`);
      });
      res.on("error", (e: NodeJS.ErrnoException) => {
        done(e.code ?? e.message);
      });
    });
    req.on("error", (e: NodeJS.ErrnoException) => {
      done(e.code ?? e.message);
    });
    // A hard stop well past the budget: a client-side hang shows as its own outcome.
    req.setTimeout(10_000, () => req.destroy(Object.assign(new Error("client timeout"), { code: "client timeout" })));
    req.end();
  });
}

/** The deepest upstream failure an answer names, as `name: error`. */
function deepest(text: string): string {
  let node: { upstreams?: { name: string; error?: string; body?: unknown }[]; error?: string } | undefined;
  try {
    node = JSON.parse(text) as typeof node;
  } catch {
    return "unparsable answer";
  }
  let found = node?.error ?? "?";
  for (let depth = 0; node && depth < 16; depth++) {
    const bad = node.upstreams?.find((u) => u.error !== undefined);
    if (!bad) break;
    found = `${bad.name}: ${bad.error}`;
    node = typeof bad.body === "object" ? (bad.body as typeof node) : undefined;
  }
  return found;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (require.main === module) {
  benchFaults().then(
    (out) => {
      console.log(out);
    },
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}

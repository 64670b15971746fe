/** Helpers for the service tests: bundle once, run services as child processes on loopback. */
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

const ROOT = join(__dirname, "..", "..");

/** Bundles apps/src into a private temp dir, so parallel test files and benches never clash. */
export function buildBundle(): string {
  const outfile = join(mkdtempSync(join(tmpdir(), "hybrid-mesh-svc-")), "server.js");
  execFileSync(process.execPath, [join(ROOT, "apps", "build.mjs"), outfile], { stdio: "pipe" });
  return outfile;
}

export interface Running {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  readonly child: ChildProcess;
  /** Parsed JSON log lines, in order. */
  readonly logs: Record<string, unknown>[];
  /** Resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
}

const children = new Set<ChildProcess>();

/** Starts the bundled service with PORT=0 and resolves once its "listening" line names the port. */
export function startService(bundle: string, name: string, env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH ?? "",
      SERVICE_NAME: name,
      ENVIRONMENT: "test",
      HOST: "127.0.0.1",
      PORT: "0",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const logs: Record<string, unknown>[] = [];
  const exited = new Promise<number | string>((resolve) =>
    child.once("exit", (code, signal) => {
      children.delete(child);
      resolve(code ?? signal ?? -1);
    }),
  );
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`${name} did not start in 5 s: ${stderr}`));
    }, 5000);
    createInterface({ input: child.stdout }).on("line", (line) => {
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (entry.msg === "listening") {
        clearTimeout(timer);
        const port = entry.port as number;
        resolve({ name, port, url: `http://127.0.0.1:${port}`, child, logs, exited });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited (${code}) before listening: ${stderr}`));
    });
  });
}

/** SIGKILLs every child still running; for afterAll. */
export async function killAll(): Promise<void> {
  const waits = [...children].map((c) => new Promise((r) => (c.once("exit", r), c.kill("SIGKILL"))));
  await Promise.all(waits);
}

/** A test double upstream on loopback; the handler decides how (and whether) to answer. */
export async function startStub(
  handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; url: string }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

export async function stopStub(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
}

/** Polls until `check` returns a value (not undefined), or fails after `ms`. */
export async function waitFor<T>(check: () => T | undefined | Promise<T | undefined>, ms = 3000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** GET returning status, parsed JSON (or text) and elapsed milliseconds. */
export async function get(
  url: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown; ms: number }> {
  const t0 = performance.now();
  const res = await fetch(url, { headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    /* text, e.g. /metrics */
  }
  return { status: res.status, body, ms: performance.now() - t0 };
}

/** The value of the Prometheus sample `name` whose labels include `labels` (any order). */
export function sample(text: unknown, name: string, labels: Record<string, string>): number | undefined {
  if (typeof text !== "string") throw new Error(`expected the metrics text, got ${JSON.stringify(text)}`);
  for (const line of text.split("\n")) {
    const m = /^([a-z_:]+)\{(.*)\} (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...m[2].matchAll(/(\w+)="([^"]*)"/g)].map((l) => [l[1], l[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

/** A port that was free a moment ago, for tests that must know a service's port before it starts. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/** Runs the bundle to completion (it should exit by itself); resolves with its exit code and output. */
export function runToExit(
  bundle: string,
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    // SIGKILL on timeout: a service that wrongly starts would otherwise drain and exit 0.
    const child = execFile(
      process.execPath,
      [bundle],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 5000, killSignal: "SIGKILL" },
      (_err, stdout, stderr) => {
        resolve({ code: child.exitCode, stdout, stderr });
      },
    );
  });
}

/** Writes `raw` bytes on a fresh socket; resolves with what came back before the server closed (or 2 s). */
export function rawRequest(url: string, raw: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    let got = "";
    const socket = connect(Number(port), hostname, () => socket.write(raw));
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(got);
    };
    const timer = setTimeout(done, 2000);
    socket.on("data", (d: Buffer) => (got += d.toString("latin1")));
    socket.on("close", done).on("error", done);
  });
}

/**
 * The bundled service, run for real: six processes on loopback wired A→B, A→C→D→E→F, plus
 * stub upstreams for slow, silent and trace-capturing peers.
 */
import { execFile } from "node:child_process";
import { buildBundle, get, killAll, sample, startService, startStub, stopStub, waitFor, type Running } from "./procs";
import { at, list } from "../support";

jest.setTimeout(15_000);

let bundle: string;
const svc: Record<string, Running> = {};

beforeAll(async () => {
  bundle = buildBundle();
  // Leaves first, so each caller is started with its upstreams' ports.
  const up = (...names: string[]) => names.map((n) => `${n}=${svc[n].url}`).join(",");
  const common = { UPSTREAM_TIMEOUT_MS: "1500", REQUEST_DEADLINE_MS: "2000" };
  [svc.f, svc.b] = await Promise.all([startService(bundle, "f", common), startService(bundle, "b", common)]);
  svc.e = await startService(bundle, "e", { ...common, UPSTREAMS: up("f") });
  svc.d = await startService(bundle, "d", { ...common, UPSTREAMS: up("e") });
  svc.c = await startService(bundle, "c", { ...common, UPSTREAMS: up("d") });
  svc.a = await startService(bundle, "a", { ...common, UPSTREAMS: up("b", "c") });
});

afterAll(killAll);

/** Follows upstream `names` down from an answer. */
function dig(answer: unknown, ...names: string[]): unknown {
  return names.reduce((node, name) => list(node, "upstreams").find((u) => at(u, "name") === name), answer);
}

describe("the A→B, A→C→D→E→F tree", () => {
  it("nests every service's answer under A", async () => {
    const { status, body } = await get(svc.a.url);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      service: "a",
      environment: "test",
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/) as unknown,
    });
    expect(list(body, "upstreams").map((u) => at(u, "name"))).toEqual(["b", "c"]);
    expect(dig(body, "b")).toMatchObject({ status: 200, url: svc.b.url, body: { service: "b", upstreams: [] } });
    let node = dig(body, "c");
    for (const name of ["d", "e", "f"]) {
      expect(node).toMatchObject({ status: 200, latencyMs: expect.any(Number) as unknown });
      expect(at(node, "error")).toBeUndefined();
      node = dig(at(node, "body"), name);
    }
    expect(node).toMatchObject({ name: "f", status: 200, body: { service: "f", upstreams: [] } });
  });

  it("carries the caller's trace id through every hop, with a new span id per call", async () => {
    const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    const parentSpan = "00f067aa0ba902b7";
    const { body } = await get(svc.a.url, { traceparent: `00-${traceId}-${parentSpan}-01` });
    const ids: unknown[] = [];
    for (
      let node = body;
      node;
      node = at(
        list(node, "upstreams").find((u) => at(u, "name") !== "b"),
        "body",
      )
    )
      ids.push(at(node, "traceId"));
    expect(ids).toEqual(Array(5).fill(traceId)); // a, c, d, e, f
    expect(at(dig(body, "b"), "body.traceId")).toBe(traceId);

    // D logged the request with the trace id and its own span, a child of C's call.
    const line = await waitFor(() => svc.d.logs.find((l) => l.msg === "request completed" && l.traceId === traceId));
    expect(line.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(line.spanId).not.toBe(parentSpan);
  });

  it("sends each upstream the same trace id and a fresh span id", async () => {
    const seen: string[] = [];
    const stub = await startStub((req, res) => {
      seen.push(String(req.headers.traceparent));
      res.setHeader("content-type", "application/json").end("{}");
    });
    const x = await startService(bundle, "x", { UPSTREAMS: `s1=${stub.url},s2=${stub.url}` });
    try {
      const traceId = "0af7651916cd43dd8448eb211c80319c";
      await get(x.url, { traceparent: `00-${traceId}-b7ad6b7169203331-01` });
      expect(seen).toHaveLength(2);
      const spans = seen.map((h) => {
        const [version, trace, span, flags] = h.split("-");
        expect([version, trace, flags]).toEqual(["00", traceId, "01"]);
        return span;
      });
      expect(new Set([...spans, "b7ad6b7169203331"]).size).toBe(3);

      // Without an incoming traceparent a new trace starts and is still propagated.
      const { body } = await get(x.url);
      expect(seen[2].split("-")[1]).toBe(at(body, "traceId"));
      expect(at(body, "traceId")).not.toBe(traceId);
    } finally {
      x.child.kill("SIGKILL");
      await stopStub(stub.server);
    }
  });

  it("counts requests and upstream calls per upstream and outcome in /metrics", async () => {
    await get(svc.a.url);
    const { status, body } = await get(`${svc.a.url}/metrics`);
    expect(status).toBe(200);
    for (const upstream of ["b", "c"]) {
      expect(sample(body, "upstream_calls_total", { service: "a", upstream, outcome: "ok" })).toBeGreaterThanOrEqual(1);
      expect(sample(body, "upstream_call_duration_seconds_count", { upstream, outcome: "ok" })).toBeGreaterThanOrEqual(
        1,
      );
    }
    const root = { method: "GET", route: "/", status: "200" };
    expect(sample(body, "http_requests_total", root)).toBeGreaterThanOrEqual(1);
    expect(sample(body, "http_request_duration_seconds_bucket", { ...root, le: "+Inf" })).toBe(
      sample(body, "http_requests_total", root),
    );
  });

  it("answers liveness and readiness", async () => {
    expect(await get(`${svc.a.url}/healthz`)).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await get(`${svc.a.url}/readyz`)).toMatchObject({ status: 200, body: { status: "ready" } });
  });

  // Last in this block: it kills D.
  it("answers 502 within its deadline and names D's refusal under C when D is down", async () => {
    svc.d.child.kill("SIGKILL");
    await svc.d.exited;
    const { status, body, ms } = await get(svc.a.url);
    expect(status).toBe(502);
    expect(ms).toBeLessThan(2000);
    expect(dig(body, "b")).toMatchObject({ status: 200 });
    expect(dig(body, "c")).toMatchObject({ status: 502, error: "status 502" });
    expect(at(dig(body, "c"), "body")).toMatchObject({
      service: "c",
      upstreams: [{ name: "d", status: null, error: "refused" }],
    });

    const cMetrics = (await get(`${svc.c.url}/metrics`)).body;
    expect(sample(cMetrics, "upstream_calls_total", { upstream: "d", outcome: "refused" })).toBe(1);
    const aMetrics = (await get(`${svc.a.url}/metrics`)).body;
    expect(sample(aMetrics, "upstream_calls_total", { upstream: "c", outcome: "status" })).toBe(1);
    expect(sample(aMetrics, "http_requests_total", { route: "/", status: "502" })).toBe(1);
  });
});

describe("timeouts", () => {
  it("reports an upstream that never answers as a timeout, within the per-call timeout", async () => {
    const silent = await startStub(() => {}); // accepts, never answers
    const ok = await startStub((_req, res) => res.end('{"fine":true}'));
    const x = await startService(bundle, "x", {
      UPSTREAMS: `silent=${silent.url},ok=${ok.url}`,
      UPSTREAM_TIMEOUT_MS: "300",
      REQUEST_DEADLINE_MS: "3000",
    });
    try {
      const { status, body, ms } = await get(x.url);
      expect(status).toBe(502);
      expect(ms).toBeGreaterThanOrEqual(280);
      expect(ms).toBeLessThan(1500);
      expect(at(body, "upstreams")).toEqual([
        expect.objectContaining({ name: "silent", status: null, error: "timeout" }),
        expect.objectContaining({ name: "ok", status: 200, body: { fine: true } }),
      ]);
      expect(
        sample((await get(`${x.url}/metrics`)).body, "upstream_calls_total", {
          upstream: "silent",
          outcome: "timeout",
        }),
      ).toBe(1);
    } finally {
      x.child.kill("SIGKILL");
      await Promise.all([stopStub(silent.server), stopStub(ok.server)]);
    }
  });

  it("stops at the overall deadline even when the per-call timeout is longer", async () => {
    const silent = await startStub(() => {});
    const x = await startService(bundle, "x", {
      UPSTREAMS: `silent=${silent.url}`,
      UPSTREAM_TIMEOUT_MS: "10000",
      REQUEST_DEADLINE_MS: "400",
    });
    try {
      const { status, body, ms } = await get(x.url);
      expect(status).toBe(502);
      expect(ms).toBeLessThan(1400);
      expect(at(body, "upstreams[0]")).toMatchObject({ name: "silent", error: "timeout" });
    } finally {
      x.child.kill("SIGKILL");
      await stopStub(silent.server);
    }
  });

  it("passes its remaining budget down, so the deepest hop reports the timeout", async () => {
    const silent = await startStub(() => {});
    const limits = { UPSTREAM_TIMEOUT_MS: "600", REQUEST_DEADLINE_MS: "600" };
    const y = await startService(bundle, "y", { ...limits, UPSTREAMS: `silent=${silent.url}` });
    const x = await startService(bundle, "x", { ...limits, UPSTREAMS: `y=${y.url}` });
    try {
      const { status, body, ms } = await get(x.url);
      expect(status).toBe(502);
      expect(ms).toBeLessThan(1200);
      expect(at(body, "upstreams[0]")).toMatchObject({ name: "y", status: 502, error: "status 502" });
      expect(at(body, "upstreams[0].body.upstreams[0]")).toMatchObject({ name: "silent", error: "timeout" });
    } finally {
      x.child.kill("SIGKILL");
      y.child.kill("SIGKILL");
      await stopStub(silent.server);
    }
  });

  it("reports a non-2xx upstream as `status <code>` with its body", async () => {
    const broken = await startStub((_req, res) => res.writeHead(503).end("overloaded"));
    const x = await startService(bundle, "x", { UPSTREAMS: `broken=${broken.url}` });
    try {
      const { status, body } = await get(x.url);
      expect(status).toBe(502);
      expect(at(body, "upstreams[0]")).toMatchObject({
        name: "broken",
        status: 503,
        error: "status 503",
        body: "overloaded",
      });
    } finally {
      x.child.kill("SIGKILL");
      await stopStub(broken.server);
    }
  });
});

describe("graceful shutdown", () => {
  it("on SIGTERM turns not-ready, finishes the in-flight request with 200 and exits 0", async () => {
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    const slow = await startStub((_req, res) => {
      arrived();
      setTimeout(() => res.end('{"slow":true}'), 700);
    });
    const x = await startService(bundle, "x", { UPSTREAMS: `slow=${slow.url}`, SHUTDOWN_DELAY_MS: "300" });
    try {
      const pending = get(x.url);
      await inFlight;
      x.child.kill("SIGTERM");
      // During the delay the listener still answers, and readiness says go away.
      await waitFor(async () => ((await get(`${x.url}/readyz`)).status === 503 ? true : undefined), 1000);
      const answer = await pending;
      expect(answer.status).toBe(200);
      expect(at(answer, "body.upstreams[0]")).toMatchObject({ name: "slow", status: 200, body: { slow: true } });
      expect(await x.exited).toBe(0);
      expect(x.logs.map((l) => l.msg)).toEqual(
        expect.arrayContaining(["shutdown: not ready, draining", "shutdown: drained"]),
      );
    } finally {
      x.child.kill("SIGKILL");
      await stopStub(slow.server);
    }
  });
});

describe("invalid config", () => {
  const run = (env: Record<string, string>) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [bundle],
        { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 5000 },
        (_err, stdout, stderr) => {
          resolve({ code: child.exitCode, stdout, stderr });
        },
      );
    });

  it.each([
    [{}, "config error: SERVICE_NAME: unset is required"],
    [{ SERVICE_NAME: "a", PORT: "80a" }, 'config error: PORT: "80a" is not an integer in 0-65535'],
    [{ SERVICE_NAME: "a", UPSTREAMS: "b" }, 'config error: UPSTREAMS[0]: "b" is not name=url'],
    [
      { SERVICE_NAME: "a", UPSTREAM_TIMEOUT_MS: "soon" },
      'config error: UPSTREAM_TIMEOUT_MS: "soon" is not an integer in 1-600000',
    ],
  ])("%j exits 2 with one line naming the variable", async (env, line) => {
    const { code, stdout, stderr } = await run(env);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`${line}\n`);
  });
});

/**
 * The bundled service under misbehaving hops, for real: bad configs, loops, a paused hop over a
 * hung one, oversized bodies, hostile requests, failure storms, resets and drains under load.
 */
import { Agent, request } from "node:http";
import {
  buildBundle,
  freePort,
  get,
  killAll,
  rawRequest,
  runToExit,
  sample,
  startService,
  startStub,
  stopStub,
  waitFor,
  type Running,
} from "./procs";
import { at } from "../support";

jest.setTimeout(15_000);

let bundle: string;
beforeAll(() => {
  bundle = buildBundle();
});
afterAll(killAll);

const stop = (...running: Running[]) => Promise.all(running.map((r) => (r.child.kill("SIGKILL"), r.exited)));

describe("a config that starts must work", () => {
  it.each([
    [
      "https (the sidecar does TLS; the app speaks plain http)",
      "b=https://127.0.0.1:9101",
      "uses https://, which this client does not speak; in the mesh the sidecar does TLS: use http://",
    ],
    ["a path", "b=http://127.0.0.1:9101/api", "has a path, query or fragment; give scheme://host[:port] only"],
    ["a query", "b=http://127.0.0.1:9101/?x=1", "has a path, query or fragment; give scheme://host[:port] only"],
    [
      "credentials",
      "b=http://user:pass@127.0.0.1:9101",
      "has credentials; they would be sent and echoed in every answer",
    ],
  ])("exits 2 on an upstream URL with %s", async (_what, upstreams, reason) => {
    const { code, stdout, stderr } = await runToExit(bundle, { SERVICE_NAME: "a", UPSTREAMS: upstreams });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(`config error: UPSTREAMS[0]: ${JSON.stringify(upstreams)} ${reason}\n`);
  });

  it.each(["127.0.0.1", "localhost"])("exits 2 on an upstream at its own listen address (%s)", async (host) => {
    const port = await freePort();
    const upstreams = `ok=http://127.0.0.1:1,me=http://${host}:${port}`;
    const { code, stderr } = await runToExit(bundle, {
      SERVICE_NAME: "a",
      HOST: "0.0.0.0",
      PORT: String(port),
      UPSTREAMS: upstreams,
    });
    expect(code).toBe(2);
    expect(stderr).toBe(
      `config error: UPSTREAMS[1]: "me=http://${host}:${port}" resolves to this service's own listen address 0.0.0.0:${port}\n`,
    );
  });

  it("answers 508 naming the loop, and does not call on, when its own name is in the call path", async () => {
    const xPort = await freePort();
    const y = await startService(bundle, "y", { UPSTREAMS: `x=http://127.0.0.1:${xPort}` });
    const x = await startService(bundle, "x", { PORT: String(xPort), UPSTREAMS: `y=${y.url}` });
    try {
      const { status, body, ms } = await get(x.url);
      expect(status).toBe(502);
      expect(ms).toBeLessThan(1000);
      const looped = at(body, "upstreams[0].body.upstreams[0]");
      expect(looped).toMatchObject({ name: "x", status: 508, error: "status 508" });
      expect(at(looped, "body")).toMatchObject({ service: "x", error: "loop: x → y → x", upstreams: [] });
      // One request in, one looped back: not an amplification until the budget runs out.
      const metrics = (await get(`${x.url}/metrics`)).body;
      expect(sample(metrics, "http_requests_total", { route: "/", status: "502" })).toBe(1);
      expect(sample(metrics, "http_requests_total", { route: "/", status: "508" })).toBe(1);
      expect(sample(metrics, "upstream_calls_total", { upstream: "y" })).toBe(1);
    } finally {
      await stop(x, y);
    }
  });
});

describe("end-to-end deadlines", () => {
  it("charges a paused middle hop's stall to it, names the hung hop, and answers within the budget", async () => {
    const hung = await startStub(() => {}); // E: accepts, never answers
    // A margin wide enough that two busy CPUs do not move the blame by a hop.
    const limits = { UPSTREAM_TIMEOUT_MS: "1500", REQUEST_DEADLINE_MS: "1500", DEADLINE_MARGIN_MS: "250" };
    const d = await startService(bundle, "d", { ...limits, UPSTREAMS: `e=${hung.url}` });
    const c = await startService(bundle, "c", { ...limits, UPSTREAMS: `d=${d.url}` });
    const a = await startService(bundle, "a", { ...limits, UPSTREAMS: `c=${c.url}` });
    try {
      c.child.kill("SIGSTOP");
      const answer = get(a.url);
      await new Promise((r) => setTimeout(r, 300));
      c.child.kill("SIGCONT");
      const { status, body, ms } = await answer;
      expect(status).toBe(502);
      expect(ms).toBeLessThan(1500 + 150);
      // C came back with time left, so the blame stays where the hang is: E, under D, under C.
      expect(at(body, "upstreams[0]")).toMatchObject({ name: "c", status: 502, error: "status 502" });
      const dNode = at(body, "upstreams[0].body.upstreams[0]");
      expect(dNode).toMatchObject({ name: "d", status: 502, error: "status 502" });
      expect(at(dNode, "body.upstreams[0]")).toMatchObject({ name: "e", status: null, error: "timeout" });
    } finally {
      c.child.kill("SIGCONT");
      await stop(a, c, d);
      await stopStub(hung.server);
    }
  });

  it("answers 504 without calling on when the caller's deadline has already passed", async () => {
    let calls = 0;
    const leaf = await startStub((_req, res) => (calls++, res.end("{}")));
    const x = await startService(bundle, "x", { UPSTREAMS: `leaf=${leaf.url}` });
    try {
      const { status, body } = await get(x.url, { "x-request-deadline": String(Date.now() - 10) });
      expect(status).toBe(504);
      expect(body).toMatchObject({ service: "x", error: "deadline exceeded before calling upstreams" });
      expect(calls).toBe(0);
    } finally {
      await stop(x);
      await stopStub(leaf.server);
    }
  });
});

describe("bounded upstream bodies", () => {
  it("fails an upstream whose body is over the cap, naming it, without reading the rest", async () => {
    const chunk = Buffer.alloc(64 * 1024, "x");
    let sent = 0;
    let finished = false;
    // 50 MB, streamed without a content-length, as a runaway leaf would.
    const huge = await startStub((_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      const pump = () => {
        while (sent < 50e6) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once("drain", pump);
        }
        finished = true;
        res.end();
      };
      res.on("close", () => res.removeAllListeners("drain"));
      pump();
    });
    const x = await startService(bundle, "x", { UPSTREAMS: `huge=${huge.url}`, UPSTREAM_MAX_BODY_BYTES: "1000000" });
    try {
      const { status, body, ms } = await get(x.url);
      expect(status).toBe(502);
      expect(at(body, "upstreams[0]")).toMatchObject({ name: "huge", status: 200, error: "body over 1000000 bytes" });
      expect(at(body, "upstreams[0].body")).toBeUndefined();
      expect(ms).toBeLessThan(1000);
      expect(finished).toBe(false);
      expect(sent).toBeLessThan(10e6);
      const metrics = (await get(`${x.url}/metrics`)).body;
      expect(sample(metrics, "upstream_calls_total", { upstream: "huge", outcome: "too_large" })).toBe(1);
    } finally {
      await stop(x);
      await stopStub(huge.server);
    }
  });

  it("rejects a declared content-length over the cap before reading the body", async () => {
    const big = await startStub((_req, res) =>
      res.writeHead(200, { "content-length": "2000000" }).end(Buffer.alloc(2_000_000, "y")),
    );
    const x = await startService(bundle, "x", { UPSTREAMS: `big=${big.url}` });
    try {
      expect(at((await get(x.url)).body, "upstreams[0]")).toMatchObject({
        name: "big",
        error: "body over 1048576 bytes",
      });
    } finally {
      await stop(x);
      await stopStub(big.server);
    }
  });
});

describe("metrics see everything", () => {
  it("counts parser rejections and bad URLs, and folds unknown methods into `other`", async () => {
    const x = await startService(bundle, "x");
    try {
      expect(await rawRequest(x.url, "GARBAGE\r\n\r\n")).toMatch(/^HTTP\/1\.1 400 /);
      expect(await rawRequest(x.url, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${"b".repeat(20_000)}\r\n\r\n`)).toMatch(
        /^HTTP\/1\.1 431 /,
      );
      expect(await rawRequest(x.url, "GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).toMatch(
        /^HTTP\/1\.1 400 /,
      );
      for (const method of ["PROPFIND", "MKCOL", "UNLOCK"]) {
        expect(await rawRequest(x.url, `${method} /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`)).toMatch(
          /^HTTP\/1\.1 404 /,
        );
      }
      const metrics = (await get(`${x.url}/metrics`)).body as string;
      expect(sample(metrics, "http_requests_total", { method: "other", route: "unparsed", status: "400" })).toBe(1);
      expect(sample(metrics, "http_requests_total", { method: "other", route: "unparsed", status: "431" })).toBe(1);
      expect(sample(metrics, "http_requests_total", { method: "GET", route: "bad-url", status: "400" })).toBe(1);
      expect(sample(metrics, "http_requests_total", { method: "other", route: "unmatched", status: "404" })).toBe(3);
      expect(metrics).not.toMatch(/method="(PROPFIND|MKCOL|UNLOCK)"/);
    } finally {
      await stop(x);
    }
  });

  it("rate-limits failure logs and reports how many were suppressed", async () => {
    const gone = await freePort(); // nothing listens: every call is refused
    const x = await startService(bundle, "x", { UPSTREAMS: `gone=http://127.0.0.1:${gone}` });
    try {
      const n = 40;
      for (let i = 0; i < n; i++) expect((await get(x.url)).status).toBe(502);
      const failures = () =>
        x.logs.filter((l) => l.msg === "upstream failure" || l.msg === "upstream failures suppressed");
      // The suppressed count is flushed once the interval (1 s) ends.
      await waitFor(
        () =>
          failures().reduce((s, l) => s + (l.msg === "upstream failure" ? 1 : 0) + Number(l.suppressed ?? 0), 0) === n
            ? true
            : undefined,
        3000,
      );
      expect(failures().length).toBeLessThanOrEqual(4);
      expect(failures()[0]).toMatchObject({ level: 40, failed: [`gone: refused`] });
      const metrics = (await get(`${x.url}/metrics`)).body;
      expect(sample(metrics, "upstream_call_duration_seconds_count", { upstream: "gone", outcome: "refused" })).toBe(n);
    } finally {
      await stop(x);
    }
  });
});

describe("clean drain", () => {
  it("retries an idempotent upstream GET once when the connection is reset", async () => {
    let requests = 0;
    const flaky = await startStub((req, res) => {
      if (++requests === 1) return void req.socket.resetAndDestroy();
      res.end('{"second":true}');
    });
    const x = await startService(bundle, "x", { UPSTREAMS: `flaky=${flaky.url}` });
    try {
      const { status, body } = await get(x.url);
      expect(status).toBe(200);
      expect(at(body, "upstreams[0]")).toMatchObject({ name: "flaky", status: 200, body: { second: true } });
      expect(requests).toBe(2);
    } finally {
      await stop(x);
      await stopStub(flaky.server);
    }
  });

  it("under keep-alive load, answers or cleanly refuses every caller while it drains, and exits 0", async () => {
    const y = await startService(bundle, "y");
    const agent = new Agent({ keepAlive: true, maxSockets: 16 });
    const outcomes = new Map<string, number>();
    const count = (k: string) => outcomes.set(k, (outcomes.get(k) ?? 0) + 1);
    const one = () =>
      new Promise<void>((resolve) => {
        const req = request(`${y.url}/`, { agent }, (res) => {
          res.resume();
          res.on("end", () => {
            count(String(res.statusCode));
            resolve();
          });
          res.on("error", (e: NodeJS.ErrnoException) => {
            count(e.code ?? e.message);
            resolve();
          });
        });
        req.on("error", (e: NodeJS.ErrnoException) => {
          count(e.code ?? e.message);
          resolve();
        });
        req.end();
      });
    try {
      const until = Date.now() + 1500;
      let stopped = false;
      const workers = Array.from({ length: 16 }, async () => {
        for (let i = 0; i < 5000 && Date.now() < until && !(stopped && outcomes.has("ECONNREFUSED")); i++) await one();
      });
      await new Promise((r) => setTimeout(r, 300));
      y.child.kill("SIGTERM");
      stopped = true;
      await Promise.all(workers);
      expect(await y.exited).toBe(0);
      expect(outcomes.get("200")).toBeGreaterThan(50);
      // Every caller got an answer or a refused connection: no reset, no hang-up, no 503 for work it accepted.
      expect([...outcomes.keys()].filter((k) => k !== "200" && k !== "ECONNREFUSED")).toEqual([]);
    } finally {
      agent.destroy();
      await stop(y);
    }
  });
});

/** One call to one upstream, bounded by its own timeout (never past the request's deadline). */
import { Agent, request } from "node:http";
import type { Upstream } from "./config";
import type { Metrics, Outcome } from "./metrics";
import { childTraceparent, type SpanContext } from "./trace";

/**
 * Remaining budget (ms) the caller gives us; we finish BUDGET_MARGIN_MS before it runs out so
 * the deepest failure is the one reported, instead of every hop timing out at once.
 */
export const BUDGET_HEADER = "x-request-budget-ms";
export const BUDGET_MARGIN_MS = 100;

export interface UpstreamResult {
  readonly name: string;
  readonly url: string;
  /** HTTP status, or null when no answer came. */
  readonly status: number | null;
  readonly latencyMs: number;
  /** The upstream's answer (parsed JSON when it is JSON). */
  readonly body?: unknown;
  /** What went wrong: "refused", "timeout", "status 502", or "error <code>". */
  readonly error?: string;
}

export interface CallOptions {
  readonly span: SpanContext;
  /** Milliseconds this call may take (already capped by the time left to the deadline; calls start together). */
  readonly timeoutMs: number;
  readonly metrics: Metrics;
}

// Keep-alive sockets to the sidecar's local listeners. node:http rather than fetch: fetch's
// AbortSignal plumbing made a two-hop chain several times slower.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

class UpstreamTimeout extends Error {
  readonly code = "TimeoutError";
}

/** GET url; resolves with status and body text, rejects on a socket error or after timeoutMs. */
function get(url: string, headers: Record<string, string>, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", fail);
    });
    // The timer also bounds reading the body.
    const timer = setTimeout(() => req.destroy(new UpstreamTimeout("timeout")), timeoutMs);
    function fail(err: Error) {
      clearTimeout(timer);
      reject(err);
    }
    req.on("error", fail);
    req.end();
  });
}

export async function callUpstream(upstream: Upstream, opts: CallOptions): Promise<UpstreamResult> {
  const started = performance.now();
  let result: Omit<UpstreamResult, "latencyMs">;
  let outcome: Outcome;
  try {
    const res = await get(`${upstream.url}/`, {
      accept: "application/json",
      traceparent: childTraceparent(opts.span),
      [BUDGET_HEADER]: String(Math.max(1, Math.floor(opts.timeoutMs))),
    }, opts.timeoutMs);
    const ok = res.status >= 200 && res.status < 300;
    outcome = ok ? "ok" : "status";
    result = { name: upstream.name, url: upstream.url, status: res.status, body: parseBody(res.text) };
    if (!ok) result = { ...result, error: `status ${res.status}` };
  } catch (err) {
    outcome = classify(err);
    const error = outcome === "error" ? `error ${errorCode(err)}` : outcome;
    result = { name: upstream.name, url: upstream.url, status: null, error };
  }
  const seconds = (performance.now() - started) / 1000;
  opts.metrics.upstreamCalls.inc({ upstream: upstream.name, outcome });
  opts.metrics.upstreamSeconds.observe({ upstream: upstream.name, outcome }, seconds);
  return { ...result, latencyMs: Math.round(seconds * 1000) };
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function classify(err: unknown): Outcome {
  const code = errorCode(err);
  if (code === "ECONNREFUSED") return "refused";
  if (code === "TimeoutError" || code === "UND_ERR_CONNECT_TIMEOUT" || code === "UND_ERR_HEADERS_TIMEOUT") return "timeout";
  return "error";
}

/** The socket error's code; an AggregateError (several addresses tried) carries it in its first error. */
function errorCode(err: unknown): string {
  let e: unknown = err;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const o = e as { code?: unknown; cause?: unknown; errors?: unknown[]; name?: unknown };
    if (typeof o.code === "string") return o.code;
    if (o.name === "TimeoutError") return "TimeoutError";
    e = o.cause ?? o.errors?.[0];
  }
  return err instanceof Error ? err.message : String(err);
}

/** One call to one upstream, bounded by the request's deadline and by a cap on the body size. */
import { Agent, request } from "node:http";
import type { Upstream } from "./config";
import type { Metrics, Outcome } from "./metrics";
import { childTraceparent, type SpanContext } from "./trace";

/**
 * The deadline travels two ways: the time left (`x-request-budget-ms`, immune to clock skew) and
 * the absolute end in Unix ms (`x-request-deadline`, which also charges time a request spent
 * queued, or a hop spent stopped, before the callee read it). The callee keeps the earlier of the
 * two and finishes DEADLINE_MARGIN_MS before it, so the hop that stalled is the one that reports it.
 * The absolute form assumes clocks in sync to well under that margin (NTP, Amazon Time Sync).
 */
export const BUDGET_HEADER = "x-request-budget-ms";
export const DEADLINE_HEADER = "x-request-deadline";
/** Services this request already passed through, comma-separated; a hop that finds itself there stops. */
export const CALL_PATH_HEADER = "x-call-path";

export interface UpstreamResult {
  readonly name: string;
  readonly url: string;
  /** HTTP status, or null when no answer came. */
  readonly status: number | null;
  readonly latencyMs: number;
  /** The upstream's answer (parsed JSON when it is JSON). */
  readonly body?: unknown;
  /** What went wrong: "refused", "timeout", "reset", "status 502", "body over N bytes" or "error <code>". */
  readonly error?: string;
}

export interface CallOptions {
  readonly span: SpanContext;
  /** `performance.now()` by which the call must have ended, retry included. */
  readonly deadline: number;
  /** This request's call path, this service included. */
  readonly callPath: string;
  readonly maxBodyBytes: number;
  readonly metrics: Metrics;
}

// Keep-alive sockets to the sidecar's local listeners. node:http rather than fetch: fetch's
// AbortSignal plumbing made a two-hop chain several times slower.
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

class UpstreamTimeout extends Error {
  readonly code = "TimeoutError";
}

class BodyTooLarge extends Error {
  readonly code = "BodyTooLarge";
  constructor(
    readonly status: number,
    limit: number,
  ) {
    super(`body over ${limit} bytes`);
  }
}

/** GET url; resolves with status and body text, rejects on a socket error, an oversized body or at the deadline. */
function get(
  url: string,
  headers: Record<string, string>,
  timeoutMs: number,
  maxBytes: number,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    // The first outcome wins; destroying the socket afterwards only frees it.
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(err);
      req.destroy();
    };
    const req = request(url, { agent, headers }, (res) => {
      const status = res.statusCode ?? 0;
      // Refuse what is declared too big before reading it; count what is not declared.
      if (Number(res.headers["content-length"] ?? 0) > maxBytes) {
        fail(new BodyTooLarge(status, maxBytes));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (c: Buffer) => {
        size += c.length;
        if (size > maxBytes) fail(new BodyTooLarge(status, maxBytes));
        else chunks.push(c);
      });
      res.on("end", () => {
        clearTimeout(timer);
        resolve({ status, text: Buffer.concat(chunks).toString("utf8") });
      });
      res.on("error", fail);
    });
    // The timer also bounds reading the body.
    const timer = setTimeout(() => {
      fail(new UpstreamTimeout("timeout"));
    }, timeoutMs);
    req.on("error", fail);
    req.end();
  });
}

export async function callUpstream(upstream: Upstream, opts: CallOptions): Promise<UpstreamResult> {
  const started = performance.now();
  let result: Omit<UpstreamResult, "latencyMs">;
  let outcome: Outcome;
  try {
    const res = await getWithRetry(upstream, opts);
    const ok = res.status >= 200 && res.status < 300;
    outcome = ok ? "ok" : "status";
    result = { name: upstream.name, url: upstream.url, status: res.status, body: parseBody(res.text) };
    if (!ok) result = { ...result, error: `status ${res.status}` };
  } catch (err) {
    outcome = classify(err);
    const status = err instanceof BodyTooLarge ? err.status : null;
    const error =
      outcome === "error" ? `error ${errorCode(err)}` : outcome === "too_large" ? (err as Error).message : outcome;
    result = { name: upstream.name, url: upstream.url, status, error };
  }
  const seconds = (performance.now() - started) / 1000;
  opts.metrics.upstreamCalls.inc({ upstream: upstream.name, outcome });
  opts.metrics.upstreamSeconds.observe({ upstream: upstream.name, outcome }, seconds);
  return { ...result, latencyMs: Math.round(seconds * 1000) };
}

/**
 * A GET is idempotent, so a connection reset (typically a keep-alive socket the upstream closed
 * as the request went out) is retried once, within the same deadline. RFC 9110 section 9.2.2 allows it.
 */
async function getWithRetry(upstream: Upstream, opts: CallOptions): Promise<{ status: number; text: string }> {
  for (let attempt = 0; ; attempt++) {
    const timeoutMs = Math.max(1, Math.floor(opts.deadline - performance.now()));
    const headers = {
      accept: "application/json",
      traceparent: childTraceparent(opts.span),
      [BUDGET_HEADER]: String(timeoutMs),
      [DEADLINE_HEADER]: String(Date.now() + timeoutMs),
      [CALL_PATH_HEADER]: opts.callPath,
    };
    try {
      return await get(`${upstream.url}/`, headers, timeoutMs, opts.maxBodyBytes);
    } catch (err) {
      if (attempt > 0 || classify(err) !== "reset" || opts.deadline - performance.now() < 1) throw err;
      opts.metrics.upstreamRetries.inc({ upstream: upstream.name });
    }
  }
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
  if (code === "ECONNRESET" || code === "EPIPE") return "reset";
  if (code === "BodyTooLarge") return "too_large";
  if (code === "TimeoutError") return "timeout";
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

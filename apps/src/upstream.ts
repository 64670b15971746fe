/** One call to one upstream, bounded by its own timeout and the request's deadline. */
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
  /** Aborts when the whole request's deadline passes. */
  readonly deadline: AbortSignal;
  /** Milliseconds this call may take (already capped by the time left to the deadline). */
  readonly timeoutMs: number;
  readonly metrics: Metrics;
}

export async function callUpstream(upstream: Upstream, opts: CallOptions): Promise<UpstreamResult> {
  const started = performance.now();
  const signal = AbortSignal.any([AbortSignal.timeout(opts.timeoutMs), opts.deadline]);
  let result: Omit<UpstreamResult, "latencyMs">;
  let outcome: Outcome;
  try {
    const res = await fetch(`${upstream.url}/`, {
      signal,
      headers: {
        accept: "application/json",
        traceparent: childTraceparent(opts.span),
        [BUDGET_HEADER]: String(Math.max(1, Math.floor(opts.timeoutMs))),
      },
    });
    const body = parseBody(await res.text()); // the signal also bounds reading the body
    outcome = res.ok ? "ok" : "status";
    result = { name: upstream.name, url: upstream.url, status: res.status, body };
    if (!res.ok) result = { ...result, error: `status ${res.status}` };
  } catch (err) {
    outcome = signal.aborted ? "timeout" : classify(err);
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

/** undici wraps socket errors: TypeError("fetch failed", { cause }), the cause maybe an AggregateError. */
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

/** The HTTP app: GET / fans out to upstreams; probes and metrics beside it. */
import { STATUS_CODES, type IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Config } from "./config";
import { createMetrics, methodLabel, type Metrics } from "./metrics";
import { ThrottledWarning } from "./throttle";
import { startSpan, type SpanContext } from "./trace";
import { BUDGET_HEADER, CALL_PATH_HEADER, DEADLINE_HEADER, callUpstream } from "./upstream";

/** Flipped by the shutdown handler; readyz reads it. */
export interface ServiceState {
  draining: boolean;
}

// Probe and scrape traffic is logged at debug so it does not drown the access log.
const QUIET_ROUTES = new Set(["/healthz", "/readyz", "/metrics"]);
/** One failure line per interval at most; an outage would otherwise log one per request per hop. */
const FAILURE_LOG_INTERVAL_MS = 1000;
/** Deeper call paths are refused: no real chain is this long, and the header stays small. */
const MAX_HOPS = 32;

/** One access-log line per request (at completion), instead of Fastify's two. */
class AccessLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      super.requestCompleted(error, request, reply, {});
      return;
    }
    const level = QUIET_ROUTES.has(request.routeOptions.url ?? "") ? "debug" : "info";
    const fields = {
      method: request.method,
      url: request.url,
      status: reply.statusCode,
      ms: Math.round(reply.elapsedTime),
    };
    request.log[level](fields, "request completed");
  }
}

export function buildServer(config: Config): { app: FastifyInstance; state: ServiceState } {
  const state: ServiceState = { draining: false };
  const metrics = createMetrics(config.serviceName);
  const spans = new WeakMap<IncomingMessage, SpanContext>();
  const requestLogs = ["trace", "debug", "info"].includes(config.logLevel);

  const app = Fastify({
    logger: { level: config.logLevel, base: { service: config.serviceName, environment: config.environment } },
    logController: new AccessLog(),
    // Every log line of a request carries its trace: the span starts when the request logger is made.
    // A child logger per request was the costliest step of a leaf's answer; when the level is above
    // info nothing per-request is logged but failures, and those name the trace themselves.
    childLoggerFactory(logger, bindings, opts, raw) {
      const span = startSpan(raw.headers.traceparent);
      spans.set(raw, span);
      if (!requestLogs) return logger;
      return logger.child({ ...bindings, traceId: span.traceId, spanId: span.spanId }, opts);
    },
    // Requests the parser or the router reject never reach the hooks below; count them here.
    clientErrorHandler: (err, socket) => {
      rejectUnparsed(err, socket, metrics);
    },
    frameworkErrors(error, request, reply) {
      // Bad URLs, and the router's other refusals (none apply to these routes), are client errors.
      metrics.requests.inc({ method: methodLabel(request.method), route: "bad-url", status: "400" });
      void (reply as FastifyReply).code(400).send({ error: "Bad Request", message: error.message, statusCode: 400 });
    },
    // The drain is shutdown.ts's: it stops accepting, then answers what arrives on open
    // connections (instead of Fastify's 503) with `connection: close`.
    return503OnClosing: false,
    forceCloseConnections: false,
  });
  const failures = new ThrottledWarning(
    app.log,
    "upstream failure",
    "upstream failures suppressed",
    FAILURE_LOG_INTERVAL_MS,
  );

  // While draining, close each connection after its answer: keep-alive clients reconnect
  // elsewhere, and the server's close() is not held open by sockets that go idle later.
  // Callback-style hooks: an async hook costs a promise per request on the hot path.
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (state.draining) reply.header("connection", "close");
    done(null, payload);
  });

  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const labels = { method: methodLabel(request.method), route, status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.requestSeconds.observe(labels, reply.elapsedTime / 1000);
    done();
  });

  app.get("/", async (request, reply) => {
    const span = spans.get(request.raw) ?? startSpan(undefined);
    // A leaf's answer is the hot path: no spread, no header parsing.
    if (!config.upstreams.length)
      return { service: config.serviceName, environment: config.environment, traceId: span.traceId, upstreams: [] };
    const answer = { service: config.serviceName, environment: config.environment, traceId: span.traceId };

    const path = callPath(request.headers[CALL_PATH_HEADER]);
    if (path.includes(config.serviceName) || path.length >= MAX_HOPS) {
      const error = path.includes(config.serviceName)
        ? `loop: ${[...path, config.serviceName].join(" → ")}`
        : `call path over ${MAX_HOPS} hops`;
      return reply.code(508).send({ ...answer, error, upstreams: [] });
    }
    const started = performance.now();
    const leftMs = Math.min(config.requestDeadlineMs, callerBudget(request.headers) - config.deadlineMarginMs);
    if (leftMs <= 0)
      return reply.code(504).send({ ...answer, error: "deadline exceeded before calling upstreams", upstreams: [] });

    // Calls start together, so each one ending by the deadline bounds the whole answer.
    const opts = {
      span,
      deadline: started + Math.min(config.upstreamTimeoutMs, leftMs),
      callPath: [...path, config.serviceName].join(","),
      maxBodyBytes: config.upstreamMaxBodyBytes,
      metrics,
    };
    const upstreams = await Promise.all(config.upstreams.map((u) => callUpstream(u, opts)));
    const failed = upstreams.filter((u) => u.error !== undefined);
    if (failed.length)
      failures.warn({ traceId: span.traceId, spanId: span.spanId, failed: failed.map((u) => `${u.name}: ${u.error}`) });
    reply.code(failed.length ? 502 : 200);
    return { ...answer, upstreams };
  });

  app.get("/healthz", () => Promise.resolve({ status: "ok" }));

  app.get("/readyz", async (_request, reply) => {
    if (state.draining) return reply.code(503).send({ status: "draining" });
    return { status: "ready" };
  });

  app.get("/metrics", async (_request, reply) => {
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });

  return { app, state };
}

/**
 * Milliseconds left by the caller's deadline; unbounded when it sent none.
 * The earlier of the relative and the absolute form wins (see upstream.ts).
 */
function callerBudget(headers: FastifyRequest["headers"]): number {
  let left = Infinity;
  const budget = header(headers[BUDGET_HEADER]);
  if (budget !== undefined && /^\d{1,9}$/.test(budget)) left = Number(budget);
  const deadline = header(headers[DEADLINE_HEADER]);
  if (deadline !== undefined && /^\d{1,15}$/.test(deadline)) left = Math.min(left, Number(deadline) - Date.now());
  return left;
}

/** The services this request passed through, from the caller's header. */
function callPath(value: string | string[] | undefined): string[] {
  const raw = header(value);
  return raw ? raw.split(",").map((s) => s.trim()) : [];
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Answers a request the HTTP parser rejected, as Node's own handler would (431 for oversized
 * headers, 413 for oversized chunk extensions, 408 for a request timeout, else 400), and counts it.
 * See nodejs/node lib/_http_server.js socketOnError.
 */
function rejectUnparsed(err: NodeJS.ErrnoException, socket: Socket, metrics: Metrics): void {
  // A reset connection has no one to answer.
  if (err.code === "ECONNRESET" || socket.destroyed) return;
  const status =
    err.code === "HPE_HEADER_OVERFLOW"
      ? 431
      : err.code === "HPE_CHUNK_EXTENSIONS_OVERFLOW"
        ? 413
        : err.code === "ERR_HTTP_REQUEST_TIMEOUT"
          ? 408
          : 400;
  metrics.requests.inc({ method: "other", route: "unparsed", status: String(status) });
  if (socket.writable) {
    const body = JSON.stringify({ error: STATUS_CODES[status], statusCode: status });
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

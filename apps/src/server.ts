/** The HTTP app: GET / fans out to upstreams; probes and metrics beside it. */
import type { IncomingMessage } from "node:http";
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import type { Config } from "./config";
import { createMetrics } from "./metrics";
import { startSpan, type SpanContext } from "./trace";
import { BUDGET_HEADER, BUDGET_MARGIN_MS, callUpstream } from "./upstream";

/** Flipped by the shutdown handler; readyz reads it. */
export interface ServiceState {
  draining: boolean;
}

// Probe and scrape traffic is logged at debug so it does not drown the access log.
const QUIET_ROUTES = new Set(["/healthz", "/readyz", "/metrics"]);

/** One access-log line per request (at completion), instead of Fastify's two. */
class AccessLog extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) return super.requestCompleted(error, request, reply, {});
    const level = QUIET_ROUTES.has(request.routeOptions.url ?? "") ? "debug" : "info";
    const fields = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
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
      spans.set(raw as IncomingMessage, span);
      if (!requestLogs) return logger;
      return logger.child({ ...bindings, traceId: span.traceId, spanId: span.spanId }, opts);
    },
  });

  // While draining, close each connection after its answer: keep-alive clients reconnect
  // elsewhere, and the server's close() is not held open by sockets that go idle later.
  // Callback-style hooks: an async hook costs a promise per request on the hot path.
  app.addHook("onSend", (_request, reply, payload, done) => {
    if (state.draining) reply.header("connection", "close");
    done(null, payload);
  });

  app.addHook("onResponse", (request, reply, done) => {
    const route = request.routeOptions.url ?? "unmatched";
    const labels = { method: request.method, route, status: String(reply.statusCode) };
    metrics.requests.inc(labels);
    metrics.requestSeconds.observe(labels, reply.elapsedTime / 1000);
    done();
  });

  app.get("/", async (request, reply) => {
    const span = spans.get(request.raw) ?? startSpan(undefined);
    if (!config.upstreams.length) return { service: config.serviceName, environment: config.environment, traceId: span.traceId, upstreams: [] };
    // Calls start together, so capping each one's timeout at the deadline bounds the whole answer.
    const deadlineMs = Math.min(config.requestDeadlineMs, callerBudget(request.headers[BUDGET_HEADER]));
    const timeoutMs = Math.min(config.upstreamTimeoutMs, deadlineMs);
    const upstreams = await Promise.all(config.upstreams.map((u) => callUpstream(u, { span, timeoutMs, metrics })));
    const failed = upstreams.filter((u) => u.error !== undefined);
    if (failed.length) request.log.warn({ traceId: span.traceId, spanId: span.spanId, failed: failed.map((u) => `${u.name}: ${u.error}`) }, "upstream failure");
    reply.code(failed.length ? 502 : 200);
    return { service: config.serviceName, environment: config.environment, traceId: span.traceId, upstreams };
  });

  app.get("/healthz", async () => ({ status: "ok" }));

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

/** The caller's remaining budget minus our margin; unbounded when absent or malformed. */
function callerBudget(header: string | string[] | undefined): number {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\d{1,9}$/.test(value)) return Infinity;
  return Math.max(1, Number(value) - BUDGET_MARGIN_MS);
}

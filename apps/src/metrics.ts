/** Prometheus metrics on a private registry (no global state shared with libraries). */
import { Counter, Histogram, Registry, collectDefaultMetrics } from "prom-client";

/** How one upstream call ended; also the `outcome` label (the failure reason when not ok). */
export type Outcome = "ok" | "status" | "timeout" | "refused" | "reset" | "too_large" | "error";

export interface Metrics {
  readonly registry: Registry;
  readonly requests: Counter<"method" | "route" | "status">;
  readonly requestSeconds: Histogram<"method" | "route" | "status">;
  readonly upstreamCalls: Counter<"upstream" | "outcome">;
  readonly upstreamSeconds: Histogram<"upstream" | "outcome">;
  readonly upstreamRetries: Counter<"upstream">;
}

// Anything else a client sends (WebDAV verbs, made-up ones) is one label value, so a scan
// cannot grow the series without bound.
const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);

/** The `method` label: a standard method (RFC 9110 section 9, plus PATCH), else `other`. */
export function methodLabel(method: string | undefined): string {
  return method !== undefined && METHODS.has(method) ? method : "other";
}

// Latencies here span sub-millisecond loopback hops to multi-second timeouts.
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export function createMetrics(service: string): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const r = [registry];
  return {
    registry,
    requests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests served, by route and status",
      labelNames: ["method", "route", "status"],
      registers: r,
    }),
    requestSeconds: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration, by route and status",
      labelNames: ["method", "route", "status"],
      buckets: BUCKETS,
      registers: r,
    }),
    upstreamCalls: new Counter({
      name: "upstream_calls_total",
      help: "Calls to upstreams, by upstream and outcome",
      labelNames: ["upstream", "outcome"],
      registers: r,
    }),
    upstreamSeconds: new Histogram({
      name: "upstream_call_duration_seconds",
      help: "Upstream call duration, by upstream and outcome",
      labelNames: ["upstream", "outcome"],
      buckets: BUCKETS,
      registers: r,
    }),
    upstreamRetries: new Counter({
      name: "upstream_retries_total",
      help: "Upstream GETs retried once after a connection reset",
      labelNames: ["upstream"],
      registers: r,
    }),
  };
}

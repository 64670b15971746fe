/** W3C Trace Context (traceparent) without an SDK: enough to join and continue a trace. */
import { randomFillSync } from "node:crypto";

export interface SpanContext {
  readonly traceId: string;
  readonly spanId: string;
  /** Trace flags as two hex digits, e.g. "01" (sampled). */
  readonly flags: string;
  /** The caller's span, when the trace came in with the request. */
  readonly parentSpanId?: string;
}

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const ZERO_TRACE = "0".repeat(32);
const ZERO_SPAN = "0".repeat(16);

/** Parses a traceparent header; undefined when absent or invalid (the spec says: restart). */
export function parseTraceparent(header: string | string[] | undefined): SpanContext | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  const m = value === undefined ? null : TRACEPARENT.exec(value.trim().toLowerCase());
  if (!m) return undefined;
  const [, version, traceId, spanId, flags, rest] = m;
  // Version ff is forbidden; version 00 has exactly four fields.
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- a missing index or key reads undefined (noUncheckedIndexedAccess is off)
  if (version === "ff" || (version === "00" && rest !== undefined)) return undefined;
  if (traceId === ZERO_TRACE || spanId === ZERO_SPAN) return undefined;
  return { traceId, spanId, flags };
}

/** This server's span: a child of the incoming one, or the root of a new sampled trace. */
export function startSpan(header: string | string[] | undefined): SpanContext {
  const parent = parseTraceparent(header);
  if (!parent) return { traceId: randomHex(16), spanId: newSpanId(), flags: "01" };
  return { traceId: parent.traceId, spanId: newSpanId(), flags: parent.flags, parentSpanId: parent.spanId };
}

/** Same trace, new span id: the header for one outgoing call. */
export function childTraceparent(span: SpanContext): string {
  return `00-${span.traceId}-${newSpanId()}-${span.flags}`;
}

function newSpanId(): string {
  let id = randomHex(8);
  while (id === ZERO_SPAN) id = randomHex(8);
  return id;
}

// Ids come from a pool refilled 4 KiB at a time: one getrandom call per request was 8% of a
// leaf service's CPU.
const pool = Buffer.alloc(4096);
let used = pool.length;

function randomHex(bytes: number): string {
  if (used + bytes > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += bytes;
  return pool.toString("hex", used - bytes, used);
}

import { childTraceparent, parseTraceparent, startSpan } from "../../apps/src/trace";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const SPAN = "00f067aa0ba902b7";

describe("traceparent", () => {
  it("parses a valid header", () => {
    expect(parseTraceparent(`00-${TRACE}-${SPAN}-01`)).toEqual({ traceId: TRACE, spanId: SPAN, flags: "01" });
  });

  it.each([
    ["absent", undefined],
    ["garbage", "hello"],
    ["version ff", `ff-${TRACE}-${SPAN}-01`],
    ["zero trace id", `00-${"0".repeat(32)}-${SPAN}-01`],
    ["zero span id", `00-${TRACE}-${"0".repeat(16)}-01`],
    ["extra fields in version 00", `00-${TRACE}-${SPAN}-01-extra`],
    ["short trace id", `00-${TRACE.slice(1)}-${SPAN}-01`],
  ])("ignores %s", (_what, header) => {
    expect(parseTraceparent(header)).toBeUndefined();
  });

  it("accepts a future version with extra fields", () => {
    expect(parseTraceparent(`01-${TRACE}-${SPAN}-00-more`)).toMatchObject({ traceId: TRACE, flags: "00" });
  });

  it("continues an incoming trace with a new span", () => {
    const span = startSpan(`00-${TRACE}-${SPAN}-00`);
    expect(span).toMatchObject({ traceId: TRACE, parentSpanId: SPAN, flags: "00" });
    expect(span.spanId).toMatch(/^[0-9a-f]{16}$/);
    expect(span.spanId).not.toBe(SPAN);
  });

  it("starts a sampled trace when none came in", () => {
    const span = startSpan(undefined);
    expect(span.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(span.flags).toBe("01");
    expect(span.parentSpanId).toBeUndefined();
  });

  it("gives each outgoing call the same trace and a fresh span", () => {
    const span = startSpan(`00-${TRACE}-${SPAN}-01`);
    const [one, two] = [childTraceparent(span), childTraceparent(span)];
    for (const h of [one, two]) expect(parseTraceparent(h)).toMatchObject({ traceId: TRACE, flags: "01" });
    expect(new Set([one, two, span.spanId]).size).toBe(3);
  });
});

// Imported first by the synth entry points (and jest's setup). cdktf records a stack trace of
// unlimited depth for every token it creates (Intrinsic, Lazy, ...: cdktf/lib/tokens/private/
// stack-trace.js raises Error.stackTraceLimit to MAX_SAFE_INTEGER around Error.captureStackTrace),
// only to quote it in some of its own error messages. On a large mesh that is most of the synth's
// time and a good part of its memory. cdktf has no option to turn it off, so replace that one
// function: tokens get an empty creation stack, and every real Error keeps its normal stack trace.
// MESH_TOKEN_TRACES=1 keeps cdktf's behaviour, for debugging where a bad token was made.
if (!process.env.MESH_TOKEN_TRACES) {
  // A require, not an import: an import's namespace is read-only, the CommonJS exports object is
  // what cdktf's modules read the function from at each call.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the mutable CommonJS exports object, see above
  const trace = require("cdktf/lib/tokens/private/stack-trace") as { captureStackTrace: () => string[] };
  trace.captureStackTrace = () => [];
}
export {};

// Imported first by the synth entry points. cdktf captures an unlimited stack trace for every
// token it creates, and formatting those frames dominated the synth of a large mesh. So: no
// source mapping (tsx turns it on), and stack text of at most Node's default 10 frames. User
// errors never print a stack trace, so nothing a user sees changes.
process.setSourceMapsEnabled(false);
const FRAMES = 10;
Error.prepareStackTrace = (error: unknown, frames: NodeJS.CallSite[]) =>
  [Error.prototype.toString.call(error), ...frames.slice(0, FRAMES).map((f) => `    at ${f}`)].join("\n");

/**
 * SIGTERM/SIGINT: readyz goes 503 first (so Kubernetes and Envoy stop sending new work); after
 * SHUTDOWN_DELAY_MS the listener stops accepting, and only then are keep-alive connections closed:
 * each after its next answer (`connection: close`), or after a short grace if it stays idle. A
 * request already on its way over an idle socket is answered, not reset. A cap bounds the drain.
 */
import { Server } from "node:net";
import type { FastifyInstance } from "fastify";
import type { Config } from "./config";
import type { ServiceState } from "./server";

/** How long an idle keep-alive connection may still bring a request once the listener is closed. */
const IDLE_GRACE_MS = 500;

export function installShutdown(
  app: FastifyInstance,
  state: ServiceState,
  config: Pick<Config, "shutdownDelayMs" | "shutdownTimeoutMs">,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  let signalled = false;
  const drain = (): void => {
    const server = app.server;
    // net's close, not http's: http's close() also drops idle keep-alive sockets at once, which
    // resets a request a client is sending over one at that moment. This only stops accepting;
    // the callback runs once every connection has ended.
    Server.prototype.close.call(server, () => {
      app.log.info("shutdown: drained");
      exit(0);
    });
    state.draining = true;
    // From the check phase, after the poll phase has read what arrived: a request already in
    // the socket's buffer makes its connection active, so it is answered instead of reset.
    const reap = setInterval(
      () =>
        setImmediate(() => {
          server.closeIdleConnections();
        }),
      IDLE_GRACE_MS,
    );
    reap.unref();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled) return;
    signalled = true;
    app.log.info({ signal, delayMs: config.shutdownDelayMs }, "shutdown: not ready, draining");
    const cap = setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, "shutdown: drain cap reached, exiting");
      exit(1);
    }, config.shutdownDelayMs + config.shutdownTimeoutMs);
    cap.unref();
    if (config.shutdownDelayMs === 0) {
      drain();
      return;
    }
    // Not ready while still serving; answers say `connection: close` so clients move elsewhere.
    state.draining = true;
    setTimeout(drain, config.shutdownDelayMs);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

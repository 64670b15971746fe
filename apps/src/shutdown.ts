/**
 * SIGTERM/SIGINT: readyz goes 503 first (so Kubernetes and Envoy stop sending new work), then
 * the listener closes while in-flight requests finish. A cap bounds a drain that never ends.
 */
import type { FastifyInstance } from "fastify";
import type { Config } from "./config";
import type { ServiceState } from "./server";

export function installShutdown(
  app: FastifyInstance,
  state: ServiceState,
  config: Pick<Config, "shutdownDelayMs" | "shutdownTimeoutMs">,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    if (state.draining) return;
    state.draining = true;
    app.log.info({ signal, delayMs: config.shutdownDelayMs }, "shutdown: not ready, draining");
    const cap = setTimeout(() => {
      app.log.error({ timeoutMs: config.shutdownTimeoutMs }, "shutdown: drain cap reached, exiting");
      exit(1);
    }, config.shutdownDelayMs + config.shutdownTimeoutMs);
    cap.unref();
    setTimeout(() => {
      app.close().then(
        () => {
          app.log.info("shutdown: drained");
          exit(0);
        },
        (err: unknown) => {
          app.log.error({ err }, "shutdown: close failed");
          exit(1);
        },
      );
    }, config.shutdownDelayMs);
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

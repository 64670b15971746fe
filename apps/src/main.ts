/** Entry point: `tsx apps/src/main.ts`, or `node apps/dist/server.js` once bundled. */
import { ConfigError, parseConfig, type Config } from "./config";
import { buildServer } from "./server";
import { installShutdown } from "./shutdown";

function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // A user error: one line naming the variable and value, no stack trace.
    process.stderr.write(`config error: ${err.message}\n`);
    process.exit(2);
  }
}

const config = loadConfig();
const { app, state } = buildServer(config);
installShutdown(app, state, config);
app.listen({ host: config.host, port: config.port }).then(
  () => {
    const address = app.server.address();
    const port = typeof address === "object" && address ? address.port : config.port;
    app.log.info({ port, upstreams: config.upstreams }, "listening");
  },
  (err: unknown) => {
    app.log.fatal({ err }, "listen failed");
    process.exit(1);
  },
);

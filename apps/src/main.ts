/** Entry point: `tsx apps/src/main.ts`, or `node apps/dist/server.js` once bundled. */
import { ConfigError, findSelfReference, parseConfig, type Config } from "./config";
import { buildServer } from "./server";
import { installShutdown } from "./shutdown";

/** A user error: one line naming the variable and value, no stack trace, exit 2. */
function configError(message: string): never {
  process.stderr.write(`config error: ${message}\n`);
  process.exit(2);
}

function loadConfig(): Config {
  try {
    return parseConfig(process.env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    configError(err.message);
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  const selfReference = await findSelfReference(config);
  if (selfReference) configError(selfReference);
  const { app, state } = buildServer(config);
  installShutdown(app, state, config);
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    app.log.fatal({ err }, "listen failed");
    process.exit(1);
  }
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  app.log.info({ port, upstreams: config.upstreams.map((u) => ({ name: u.name, url: u.url })) }, "listening");
}

void main();

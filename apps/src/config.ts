/**
 * The service's environment contract. Parsing is pure (env in, Config or ConfigError out) so
 * it can be unit-tested; main.ts turns a ConfigError into one stderr line and a non-zero exit.
 */

export interface Upstream {
  /** Name shown in answers and metric labels. */
  readonly name: string;
  /** Base URL; in the mesh, the Envoy sidecar's local upstream listener. */
  readonly url: string;
}

export interface Config {
  readonly serviceName: string;
  readonly environment: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: string;
  readonly upstreams: readonly Upstream[];
  /** Cap on one upstream call. */
  readonly upstreamTimeoutMs: number;
  /** Cap on the whole GET / answer, all upstream calls included. */
  readonly requestDeadlineMs: number;
  /** How long readyz reports 503 before the listener closes, so endpoints drop the pod first. */
  readonly shutdownDelayMs: number;
  /** Cap on draining in-flight requests after SIGTERM; past it the process exits 1. */
  readonly shutdownTimeoutMs: number;
}

/** A bad environment variable. The message is one line: `NAME: "value" reason`. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];
const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const MAX_MS = 600_000;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the env contract; throws ConfigError naming every bad variable on one line. */
export function parseConfig(env: Env): Config {
  const problems: string[] = [];
  const bad = (name: string, value: string | undefined, reason: string): void => {
    problems.push(`${name}: ${value === undefined ? "unset" : JSON.stringify(value)} ${reason}`);
  };

  const serviceName = env.SERVICE_NAME;
  if (!serviceName) bad("SERVICE_NAME", serviceName, "is required");
  else if (serviceName.length > 63 || !NAME.test(serviceName)) bad("SERVICE_NAME", serviceName, "is not a DNS-1123 label");

  // 0 asks the OS for a free port (tests); the "listening" log line names it.
  const port = int(env, "PORT", 8080, 0, 65535, bad);
  const logLevel = env.LOG_LEVEL || "info";
  if (!LOG_LEVELS.includes(logLevel)) bad("LOG_LEVEL", logLevel, `is not one of ${LOG_LEVELS.join("|")}`);

  const config: Config = {
    serviceName: serviceName ?? "",
    environment: env.ENVIRONMENT || "local",
    host: env.HOST || "0.0.0.0",
    port,
    logLevel,
    upstreams: parseUpstreams(env.UPSTREAMS ?? "", bad),
    upstreamTimeoutMs: int(env, "UPSTREAM_TIMEOUT_MS", 2000, 1, MAX_MS, bad),
    requestDeadlineMs: int(env, "REQUEST_DEADLINE_MS", 5000, 1, MAX_MS, bad),
    shutdownDelayMs: int(env, "SHUTDOWN_DELAY_MS", 0, 0, MAX_MS, bad),
    shutdownTimeoutMs: int(env, "SHUTDOWN_TIMEOUT_MS", 20_000, 1, MAX_MS, bad),
  };
  if (problems.length) throw new ConfigError(problems.join("; "));
  return config;
}

type Bad = (name: string, value: string | undefined, reason: string) => void;

function int(env: Env, name: string, fallback: number, min: number, max: number, bad: Bad): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(n >= min && n <= max)) {
    bad(name, raw, `is not an integer in ${min}-${max}`);
    return fallback;
  }
  return n;
}

/** `b=http://127.0.0.1:9101,c=http://127.0.0.1:9102`; an empty value means a leaf service. */
function parseUpstreams(raw: string, bad: Bad): Upstream[] {
  if (raw.trim() === "") return [];
  const out: Upstream[] = [];
  for (const [i, entry] of raw.split(",").entries()) {
    const where = `UPSTREAMS[${i}]`;
    const eq = entry.indexOf("=");
    const name = entry.slice(0, eq).trim();
    const url = entry.slice(eq + 1).trim();
    if (eq < 0) bad(where, entry, "is not name=url");
    else if (!NAME.test(name)) bad(where, entry, "has a name that is not a DNS-1123 label");
    else if (!isHttpUrl(url)) bad(where, entry, "has a URL that is not http(s)://host[:port]");
    else if (out.some((u) => u.name === name)) bad(where, entry, "repeats an upstream name");
    else out.push({ name, url: url.replace(/\/+$/, "") });
  }
  return out;
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return (u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "";
  } catch {
    return false;
  }
}

/**
 * The service's environment contract. Parsing is pure (env in, Config or ConfigError out) so
 * it can be unit-tested; main.ts turns a ConfigError into one stderr line and a non-zero exit.
 */
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { networkInterfaces } from "node:os";

export interface Upstream {
  /** Name shown in answers and metric labels. */
  readonly name: string;
  /** `http://host[:port]`, nothing else; in the mesh, the Envoy sidecar's local upstream listener. */
  readonly url: string;
  /** The UPSTREAMS entry it came from, for error messages. */
  readonly entry: string;
  /** Position in UPSTREAMS, for error messages. */
  readonly index: number;
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
  /** How long before the caller's deadline this hop gives up, so its answer still reaches the caller in time. */
  readonly deadlineMarginMs: number;
  /** How long readyz reports 503 before the listener closes, so endpoints drop the pod first. */
  readonly shutdownDelayMs: number;
  /** Cap on draining in-flight requests after SIGTERM; past it the process exits 1. */
  readonly shutdownTimeoutMs: number;
  /** Cap on one upstream's response body; over it the call fails and the rest is not read. */
  readonly upstreamMaxBodyBytes: number;
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
// Each hop parses and re-serialises its upstreams' answers, so a body costs a few times its size per hop.
const MAX_BODY_BYTES = 64 * 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

/** Reads the env contract; throws ConfigError naming every bad variable on one line. */
export function parseConfig(env: Env): Config {
  const problems: string[] = [];
  const bad = (name: string, value: string | undefined, reason: string): void => {
    problems.push(`${name}: ${value === undefined ? "unset" : JSON.stringify(value)} ${reason}`);
  };

  const serviceName = env.SERVICE_NAME;
  if (!serviceName) bad("SERVICE_NAME", serviceName, "is required");
  else if (serviceName.length > 63 || !NAME.test(serviceName))
    bad("SERVICE_NAME", serviceName, "is not a DNS-1123 label");

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
    deadlineMarginMs: int(env, "DEADLINE_MARGIN_MS", 100, 0, 10_000, bad),
    shutdownDelayMs: int(env, "SHUTDOWN_DELAY_MS", 0, 0, MAX_MS, bad),
    shutdownTimeoutMs: int(env, "SHUTDOWN_TIMEOUT_MS", 20_000, 1, MAX_MS, bad),
    upstreamMaxBodyBytes: int(env, "UPSTREAM_MAX_BODY_BYTES", 1024 * 1024, 1, MAX_BODY_BYTES, bad),
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
  for (const [index, entry] of raw.split(",").entries()) {
    const where = `UPSTREAMS[${index}]`;
    const eq = entry.indexOf("=");
    const name = entry.slice(0, eq).trim();
    const url = eq < 0 ? undefined : parseUrl(entry.slice(eq + 1).trim());
    if (url === undefined)
      bad(where, entry, "is not name=url"); // no "="
    else if (!NAME.test(name)) bad(where, entry, "has a name that is not a DNS-1123 label");
    else if (typeof url === "string") bad(where, entry, url);
    else if (out.some((u) => u.name === name)) bad(where, entry, "repeats an upstream name");
    else out.push({ name, url: url.origin, entry: entry.trim(), index });
  }
  return out;
}

/** The URL, or why the upstream client cannot use it as given. */
function parseUrl(s: string): URL | string {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return "has a URL that is not http://host[:port]";
  }
  // The client speaks plain HTTP to the sidecar's local listener; mTLS is the sidecar's job.
  if (u.protocol === "https:")
    return "uses https://, which this client does not speak; in the mesh the sidecar does TLS: use http://";
  if (u.protocol !== "http:" || u.hostname === "") return "has a URL that is not http://host[:port]";
  if (u.username || u.password) return "has credentials; they would be sent and echoed in every answer";
  // Every call goes to `/`: a path or query would be dropped or mangled, not honoured.
  if (!/^\/*$/.test(u.pathname) || s.includes("?") || s.includes("#"))
    return "has a path, query or fragment; give scheme://host[:port] only";
  return u;
}

/** Resolves a host name to its addresses (injected in unit tests). */
export type Resolve = (host: string) => Promise<string[]>;

const resolveHost: Resolve = async (host) => (await lookup(host, { all: true })).map((a) => a.address);

/**
 * An upstream that reaches this service's own listener would call itself until the budget runs
 * out, so it is a config error. Returns the message for the first such upstream; names that do
 * not resolve (yet) are not held against the config. With PORT=0 no URL can know the port.
 */
export async function findSelfReference(config: Config, resolve: Resolve = resolveHost): Promise<string | undefined> {
  if (config.port === 0 || !config.upstreams.length) return undefined;
  const own = await listenAddresses(config.host, resolve);
  for (const u of config.upstreams) {
    const url = new URL(u.url);
    if (Number(url.port || 80) !== config.port) continue;
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    const addresses = isIP(host) ? [host] : await withTimeout(resolve(host), 2000).catch(() => []);
    if (addresses.some(own))
      return `UPSTREAMS[${u.index}]: ${JSON.stringify(u.entry)} resolves to this service's own listen address ${config.host}:${config.port}`;
  }
  return undefined;
}

/** A predicate for the addresses a listener on `host` accepts connections on. */
async function listenAddresses(host: string, resolve: Resolve): Promise<(address: string) => boolean> {
  const loopback = (a: string) => a.startsWith("127.") || a === "::1";
  const local = Object.values(networkInterfaces()).flatMap((l) => l ?? []);
  // A wildcard bind takes every local address of its family (:: takes IPv4 too, dual-stack).
  if (host === "0.0.0.0")
    return (a) => isIP(a) === 4 && (loopback(a) || a === host || local.some((l) => l.address === a));
  if (host === "::") return (a) => loopback(a) || a === host || a === "0.0.0.0" || local.some((l) => l.address === a);
  const mine = isIP(host) ? [host] : await withTimeout(resolve(host), 2000).catch(() => [] as string[]);
  return (a) => mine.includes(a);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error("timeout"));
    }, ms);
    timer.unref();
    p.then(resolve, reject).finally(() => {
      clearTimeout(timer);
    });
  });
}

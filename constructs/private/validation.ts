import { Token } from "cdktf";
import { show } from "./format";
import { Problems, isDnsLabel } from "./problems";

/**
 * Shared checks for the Consul constructs. They mirror the consul-k8s admission webhook
 * (Validate() in control-plane/api/v1alpha1/*_types.go). Every check skips unresolved tokens.
 */

/** How proxies reach upstreams in other datacenters or peers. */
export const MESH_GATEWAY_MODES = ["none", "local", "remote"] as const;
/** How proxies reach upstreams in other datacenters or peers. */
export type MeshGatewayMode = (typeof MESH_GATEWAY_MODES)[number];

/** Protocols a Consul service can speak. */
export const PROTOCOLS = ["tcp", "http", "http2", "grpc"] as const;
/** A protocol a Consul service can speak. */
export type Protocol = (typeof PROTOCOLS)[number];

/** mTLS modes of proxies. */
export const MUTUAL_TLS_MODES = ["strict", "permissive"] as const;
/** The mTLS mode of proxies. */
export type MutualTlsMode = (typeof MUTUAL_TLS_MODES)[number];

/** True when the value (or, for a string, part of it) is a token that is resolved only at synth. */
export function isToken(value: unknown): boolean {
  return value !== undefined && Token.isUnresolved(value);
}

/** Values that a check can judge now: set and not a token. */
function judgeable<T>(value: T | undefined): value is T {
  return value !== undefined && value !== null && !isToken(value);
}

/** Records a problem unless `value` is a DNS-1123 label (optionally the wildcard "*"). */
export function checkDnsLabel(
  p: Problems,
  path: string,
  value: string | undefined,
  opts: { wildcard?: boolean } = {},
): void {
  if (!judgeable(value)) return;
  if (opts.wildcard && value === "*") return;
  if (typeof value !== "string" || !isDnsLabel(value)) {
    p.add(
      path,
      value,
      `is not a DNS-1123 label (lower-case letters, digits and "-", starting and ending with a letter or digit, at most 63 characters)${opts.wildcard ? ' or "*"' : ""}`,
    );
  }
}

/** Records a problem unless `value` is one of `allowed`. */
export function checkEnum(p: Problems, path: string, value: string | undefined, allowed: readonly string[]): void {
  if (!judgeable(value)) return;
  if (!allowed.includes(value))
    p.add(path, value, `is not allowed; use one of ${allowed.map((a) => show(a)).join(", ")}`);
}

/** Records a problem when a peer/partition/sameness group name is or contains the wildcard "*". */
export function checkNoWildcard(p: Problems, path: string, value: string | undefined, what: string): void {
  if (!judgeable(value)) return;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- checks what JavaScript callers pass, where the declared type does not hold
  if (String(value).includes("*")) p.add(path, value, `is not allowed; name one ${what}`);
}

/** Records a problem when a required string is missing or empty. */
export function checkRequired(p: Problems, path: string, value: string | undefined): boolean {
  if (isToken(value)) return true;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- checks what JavaScript callers pass, where the declared type does not hold
  if (value === undefined || value === null || value === "") {
    p.add(path, value, "is required");
    return false;
  }
  return true;
}

// µs written as \u00b5: a bundler keeps a regular expression literal as it is, and one non-ASCII
// character makes the whole bundle a two-byte string (app/launch.js).
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ns|us|\u00b5s|ms|s|m|h))+$/;

/** Records a problem unless `value` is a Go duration such as "5s", "1m30s" or "250ms". */
export function checkDuration(p: Problems, path: string, value: string | undefined): void {
  if (!judgeable(value)) return;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-conversion -- checks what JavaScript callers pass, where the declared type does not hold
  if (value !== "0" && !GO_DURATION.test(String(value)))
    p.add(path, value, 'is not a duration; use a Go duration such as "5s", "1m30s" or "250ms"');
}

/** Records a problem unless `value` is an integer within [min, max]. */
export function checkInt(p: Problems, path: string, value: number | undefined, min: number, max = 2 ** 31 - 1): void {
  if (!judgeable(value)) return;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    p.add(path, value, `is not allowed; use an integer from ${min} to ${max}`);
  }
}

/** Records a problem when more than one of `keys` is set (non-empty) on `obj`. Returns the set keys. */
export function checkAtMostOne<T extends object>(
  p: Problems,
  path: string,
  obj: T,
  keys: readonly (keyof T & string)[],
): (keyof T & string)[] {
  const set = keys.filter(
    (k) => obj[k] !== undefined && obj[k] !== null && (obj[k] as unknown) !== "" && (obj[k] as unknown) !== false,
  );
  if (set.length > 1) p.add(path, pick(obj, set), `sets ${set.join(" and ")}; set at most one of ${keys.join(", ")}`);
  return set;
}

function pick<T extends object>(obj: T, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) out[k] = obj[k];
  return out;
}

/**
 * Prepares a plain value for a `kubernetes_manifest`: drops undefined fields and escapes Terraform
 * template sequences ("${", "%{") in literal strings, so user text is never evaluated as an expression.
 * Strings holding tokens are left as they are.
 */
export function toManifest<T>(value: T): T {
  return clean(value) as T;
}

function clean(value: unknown): unknown {
  if (typeof value === "string")
    return isToken(value) ? value : value.replace(/\$\{/g, () => "$${").replace(/%\{/g, () => "%%{");
  if (Array.isArray(value)) return value.map(clean);
  if (
    value !== null &&
    typeof value === "object" &&
    !isToken(value) &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = clean(v);
    return out;
  }
  return value;
}

/**
 * Ports the Consul sidecar (consul-dataplane and Envoy) binds in every injected pod: Envoy admin,
 * the inbound listener, merged and Envoy metrics, health checks, the dataplane's own. An app or an
 * upstream listener on one of them would collide.
 */
export const SIDECAR_PORTS: ReadonlySet<number> = new Set([19000, 20000, 20100, 20200, 21000, 22000]);

const DURATION_UNITS: { readonly [unit: string]: number } = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1e3,
  m: 6e4,
  h: 3.6e6,
};

/** A Go duration in milliseconds, or undefined when it is not one (or is a token). */
export function durationMs(value: string | undefined): number | undefined {
  if (value === undefined || isToken(value)) return undefined;
  if (value === "0") return 0;
  if (!GO_DURATION.test(value)) return undefined;
  let ms = 0;
  for (const m of value.matchAll(/([0-9]+(?:\.[0-9]+)?)(ns|us|\u00b5s|ms|s|m|h)/g))
    ms += Number(m[1]) * DURATION_UNITS[m[2]];
  return ms;
}
